/** The sample's welcome mail: a React Email component passed as a value, so nothing is copied next to the build. */
import { createElement } from 'react';
import { reactEmailTemplates } from '../../lib/templates.js';

/** What the welcome mail shows. */
export interface WelcomeProps {
  name: string;
}

const styles = {
  body: { fontFamily: 'Helvetica, Arial, sans-serif', color: '#1f2933', backgroundColor: '#f5f7fa', padding: '24px' },
  card: { backgroundColor: '#ffffff', borderRadius: '8px', padding: '24px', maxWidth: '480px' },
  heading: { color: '#e0234e', margin: '0 0 12px' },
};

/** Written with createElement, so the sample needs no JSX step; in an app, write it as TSX. */
export function WelcomeEmail({ name }: WelcomeProps) {
  return createElement(
    'html',
    { lang: 'en' },
    createElement(
      'body',
      { style: styles.body },
      createElement(
        'div',
        { style: styles.card },
        createElement('h1', { style: styles.heading }, `Welcome, ${name}!`),
        createElement('p', null, 'Your account is ready. This message was rendered from a React Email template.'),
      ),
    ),
  );
}

/** The sample's templates, registered with MailerModule. */
export const sampleTemplates = reactEmailTemplates({
  welcome: { component: WelcomeEmail, subject: ({ name }) => `Welcome, ${name}` },
});
