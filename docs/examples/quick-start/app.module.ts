// app.module.ts: the mailer, configured from the environment, and a health route.
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { MailerModule } from 'nestjs-smtp';
import { HealthController } from './health.controller.js';
import { WelcomeService } from './welcome.service.js';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MailerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        transport: config.getOrThrow<string>('MAIL_URL'), // smtps://user:pass@smtp.example.com
        defaults: { from: config.getOrThrow<string>('MAIL_FROM') }, // App <app@example.com>
      }),
    }),
    TerminusModule,
  ],
  providers: [WelcomeService],
  controllers: [HealthController],
})
export class AppModule {}
