/** The configuration files of a private Postfix (main.cf, master.cf, mailbox map) and of Dovecot serving SASL only. */

/** The domain whose mailboxes the private Postfix delivers to Maildir; any other local part there is refused with 5.1.1. */
export const TEST_DOMAIN = 'test.example';

/** Which smtpd listens on which loopback port. */
export interface PostfixPorts {
  /** STARTTLS, SASL, CHUNKING. */
  submission: number;
  /** TLS from the first byte (smtps), SASL. */
  smtps: number;
  /** STARTTLS and SASL, CHUNKING not offered: the client has to use DATA. */
  noChunking: number;
  /** STARTTLS and SASL, a small SIZE limit (`SMALL_SIZE_LIMIT`). */
  smallSize: number;
}

/** The `message_size_limit` of the `smallSize` listener, in octets. */
export const SMALL_SIZE_LIMIT = 2 * 1024 * 1024;

/** Where everything of one instance lives, and who delivers. */
export interface PostfixLayout {
  root: string;
  configDir: string;
  queueDir: string;
  dataDir: string;
  maildirBase: string;
  mailboxMap: string;
  logFile: string;
  cert: string;
  key: string;
  saslSocket: string;
  /** uid/gid the virtual(8) agent delivers as (an unprivileged account; root is refused by Postfix). */
  deliveryUid: number;
  deliveryGid: number;
}

/**
 * main.cf: no DNS, no aliases, nothing relayed; mail for TEST_DOMAIN goes to Maildir through virtual(8).
 * `in_flow_delay = 0` and `smtpd_error_sleep_time = 0` keep a burst of test mail from being slowed down on purpose.
 */
export function mainCf(layout: PostfixLayout): string {
  return `${[
    'compatibility_level = 3.6',
    `queue_directory = ${layout.queueDir}`,
    `data_directory = ${layout.dataDir}`,
    'mail_owner = postfix',
    `myhostname = mta.${TEST_DOMAIN}`,
    `mydomain = ${TEST_DOMAIN}`,
    `myorigin = ${TEST_DOMAIN}`,
    'mydestination =',
    'relay_domains =',
    'relayhost =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    'alias_maps =',
    'alias_database =',
    'local_recipient_maps =',
    'smtpd_peername_lookup = no',
    'biff = no',
    'append_dot_mydomain = no',
    'readme_directory = no',
    'smtputf8_enable = yes',
    'in_flow_delay = 0',
    'smtpd_error_sleep_time = 0',
    // Postfix 3.4+: log through postlogd to a file the tests read (no syslog on a test machine).
    `maillog_file = ${layout.logFile}`,
    `maillog_file_prefixes = ${layout.root}`,
    `virtual_mailbox_domains = ${TEST_DOMAIN}`,
    `virtual_mailbox_base = ${layout.maildirBase}`,
    `virtual_mailbox_maps = texthash:${layout.mailboxMap}`,
    `virtual_uid_maps = static:${layout.deliveryUid}`,
    `virtual_gid_maps = static:${layout.deliveryGid}`,
    `smtpd_tls_cert_file = ${layout.cert}`,
    `smtpd_tls_key_file = ${layout.key}`,
    'smtpd_tls_security_level = may',
    // Both show up in the delivered Received header: proof of TLS and of who authenticated.
    'smtpd_tls_received_header = yes',
    'smtpd_sasl_authenticated_header = yes',
    'smtpd_sasl_type = dovecot',
    `smtpd_sasl_path = ${layout.saslSocket}`,
    'smtpd_sasl_auth_enable = yes',
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
  ].join('\n')}\n`;
}

/** `-o` overrides that log every command and reply of an smtpd (msg_verbose 1 for peers on loopback). */
const LOG_DIALOGUE = ['-o debug_peer_list=127.0.0.0/8', '-o debug_peer_level=1'];

/**
 * master.cf: the four smtpd listeners (each with its own syslog_name, so the log tells them apart) and the
 * internal services; nothing chrooted, since the instance lives in a temp dir. The smtps listener, used for
 * bulk sending, does not log its dialogue.
 */
export function masterCf(ports: PostfixPorts): string {
  const smtpd = (port: number, name: string, options: string[]) =>
    `${port} inet n - n - - smtpd -o syslog_name=postfix/${name} ${options.join(' ')}`;
  return `${[
    smtpd(ports.submission, 'submission', LOG_DIALOGUE),
    smtpd(ports.smtps, 'smtps', ['-o smtpd_tls_wrappermode=yes']),
    smtpd(ports.noChunking, 'nochunking', [...LOG_DIALOGUE, '-o smtpd_discard_ehlo_keywords=chunking']),
    smtpd(ports.smallSize, 'smallsize', [...LOG_DIALOGUE, `-o message_size_limit=${SMALL_SIZE_LIMIT}`]),
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'virtual unix - n n - - virtual',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ].join('\n')}\n`;
}

/** virtual_mailbox_maps in texthash form: `local@domain dir/` (the trailing slash selects Maildir). */
export function mailboxMap(mailboxes: ReadonlyMap<string, string>): string {
  return [...mailboxes].map(([localPart, dir]) => `${localPart}@${TEST_DOMAIN} ${dir}/\n`).join('');
}

/** Dovecot with no mail protocols at all: only the auth service, on a socket Postfix's smtpd connects to. */
export function dovecotConf(options: { root: string; passwdFile: string; saslSocket: string; logFile: string }): string {
  return `${[
    `base_dir = ${options.root}/run`,
    `state_dir = ${options.root}/state`,
    `log_path = ${options.logFile}`,
    'protocols =',
    'ssl = no',
    // CRAM-MD5 needs the password itself, hence the {PLAIN} scheme in the passwd-file.
    'auth_mechanisms = plain login cram-md5',
    // Postfix decides when AUTH is offered; Dovecot must not refuse plaintext mechanisms on its own.
    'disable_plaintext_auth = no',
    // A refused password is answered at once, not after the default 2 s penalty.
    'auth_failure_delay = 0',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${options.passwdFile}`,
    '}',
    'userdb {',
    '  driver = static',
    '  args = uid=65534 gid=65534 home=/nonexistent',
    '}',
    'service auth {',
    `  unix_listener ${options.saslSocket} {`,
    '    mode = 0666',
    '  }',
    '}',
  ].join('\n')}\n`;
}
