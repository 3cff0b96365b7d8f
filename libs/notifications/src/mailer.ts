import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/src';

/** E-mail through SMTP when SMTP_URL is set; otherwise there is no e-mail and `enabled` is false. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly log = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /**
   * `messageId` names the message once for all its sendings: a mail sent again after a crash between the
   * server's acceptance and our record of it is the same message to the reader's mail system.
   */
  async send(
    to: string,
    subject: string,
    text: string,
    extra: { messageId?: string; attachments?: Array<{ filename: string; content: Buffer; contentType: string }> } = {},
  ): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    await this.transport.sendMail({ from: this.config.smtpFrom, to, subject, text, ...extra });
    this.log.debug(`sent "${subject}" to ${to}`);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
