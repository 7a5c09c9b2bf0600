// welcome.service.spec.ts: a unit test with no SMTP server; each message is composed in full, then kept.
import { Test } from '@nestjs/testing';
import { MailerTestingModule, MailerTestingStore } from 'nestjs-smtp/testing';
import { WelcomeService } from './welcome.service.js';

describe('WelcomeService', () => {
  it('sends the welcome mail', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MailerTestingModule.forRoot({ defaults: { from: 'app@example.com' } })],
      providers: [WelcomeService],
    }).compile();

    await moduleRef.get(WelcomeService).welcome('ann@example.com');

    const { sent } = moduleRef.get(MailerTestingStore);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual(['ann@example.com']);
    expect(sent[0].subject).toBe('Welcome');
  });
});
