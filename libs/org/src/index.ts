export * from './org.dto';
export * from './org.service';
export * from './auth.service';
export * from './org.module';
export { hashPassword, verifyPassword } from './password';
export * from './delegation.service';
export * from './authorisation.service';
