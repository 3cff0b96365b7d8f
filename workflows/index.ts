export * from './shared/document.machine';
export * from './shared/workflow-definition';
export * from './registry';
export * from './catalogue';
