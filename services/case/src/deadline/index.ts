export * from './work-calendar';
export * from './deadline';
