// The IPC channel names, shared by the main process and the sandboxed preload (which may import
// nothing but this and 'electron').
export const INVOKE_CHANNEL = 'workbench:invoke';
export const CHOOSE_PATH_CHANNEL = 'workbench:choose-path';
export const EVENT_CHANNEL = 'workbench:event';
