package org.carecall.hub.family;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Properties;

/**
 * Family news by e-mail over SMTP (Jakarta Mail on Eclipse Angus): to the community's relay, or postfix on
 * the hub. STARTTLS is used whenever the relay offers it; the subject and text are UTF-8, so Chinese
 * arrives as written. The message's key is its Message-ID and an {@code Idempotency-Key} header: a mail
 * sent again after a crash is the same message to every system that keeps Message-IDs.
 */
public final class FamilyMail implements FamilyChannel {
    private final Session session;
    private final String from;

    public FamilyMail(String host, int port, String from, String user, String passwordFile) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.starttls.enable", "true"); // when offered; a relay without it is used plain
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.mime.charset", "UTF-8");
        Authenticator login = null;
        if (user != null && !user.isBlank()) {
            properties.put("mail.smtp.auth", "true");
            login = new Authenticator() {
                // Read at each login: a password file changed (or fixed) takes effect without a restart, and
                // a missing one fails the delivery, which is retried, rather than the hub's start.
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password(passwordFile));
                }
            };
        }
        this.session = Session.getInstance(properties, login);
        this.from = from;
    }

    private static String password(String file) {
        try {
            return file == null ? "" : Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the SMTP password file " + file, e);
        }
    }

    @Override
    public FamilyMessage.Channel kind() {
        return FamilyMessage.Channel.EMAIL;
    }

    @Override
    public void deliver(FamilyMessage message) throws MessagingException {
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + message.id() + "@carecall>");
            }
        };
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.address()));
        mail.setSubject(message.subject(), "UTF-8");
        mail.setText(message.body(), "UTF-8");
        mail.setHeader("Idempotency-Key", message.id());
        mail.setHeader("Content-Language", message.language());
        mail.setSentDate(new Date(message.createdAt()));
        Transport.send(mail);
    }
}
