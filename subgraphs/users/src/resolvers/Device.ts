import type { DeviceResolvers } from '../__generated__/resolvers-types';
import * as devices from '../accounts/devices';

export const Device: DeviceResolvers = {
  current: (device, _args, ctx) => devices.isCurrent(ctx, device),
};
