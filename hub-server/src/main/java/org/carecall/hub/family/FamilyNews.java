package org.carecall.hub.family;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.community.Resident;
import org.carecall.protocol.MessageIds;

/**
 * What the family is told, decided and stored in the outbox before anything is sent: one message per
 * consenting contact and channel (e-mail to her address when she gave one and the hub has a relay, the
 * gateway to her phone when the hub has a webhook), written in her language.
 *
 * <p>Guarantees: nothing goes to a contact without "wants updates" and a consent; a message carries what
 * happened and whom to call, and never the resident's health notes, medicines or visit domains; an update
 * whose text repeats her health notes or medicines is refused before anything is stored.
 */
public final class FamilyNews {
    private final FamilyOutbox outbox;
    private final FamilySender sender;
    private final Clock clock;

    public FamilyNews(FamilyOutbox outbox, FamilySender sender, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
    }

    /** Who sends the news and whom the family may call back: a member of staff, her phone, the community. */
    public record From(String username, String name, String phone, String community) {
    }

    /** Whether an update's text repeats what her file says of her health (her notes or medicines). */
    public static boolean repeatsHealth(Resident resident, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return java.util.stream.Stream.of(resident.healthNotes(), resident.medicines())
                .filter(health -> health != null && health.strip().length() >= 2)
                .anyMatch(health -> lower.contains(health.strip().toLowerCase(Locale.ROOT)));
    }

    /** A short update (近况) to every consenting contact, stored and then sent at once: the messages. */
    public CompletableFuture<List<FamilyMessage>> update(Resident resident, String text, From from) {
        long now = clock.millis();
        List<FamilyMessage> messages = new ArrayList<>();
        for (Resident.Contact contact : resident.emergencyContacts()) {
            if (!contact.takesNews()) {
                continue;
            }
            String subject = subject(contact.language(), resident);
            String body = body(contact, resident, text, from);
            if (contact.email() != null && sender.channels().contains(FamilyMessage.Channel.EMAIL)) {
                messages.add(message(resident, contact, FamilyMessage.Channel.EMAIL, contact.email(), subject, body,
                        from, now));
            }
            if (sender.channels().contains(FamilyMessage.Channel.WEBHOOK)) {
                messages.add(message(resident, contact, FamilyMessage.Channel.WEBHOOK, contact.phone(), subject, body,
                        from, now));
            }
        }
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(messages);
        }
        return outbox.store(messages).thenApply(stored -> {
            sender.nudge();
            return stored;
        });
    }

    private static FamilyMessage message(Resident resident, Resident.Contact contact, FamilyMessage.Channel channel,
                                         String address, String subject, String body, From from, long now) {
        return FamilyMessage.decided(MessageIds.next(), resident.id(), FamilyMessage.Kind.UPDATE, channel,
                contact.name(), contact.relation(), address, contact.language(), subject, body, from.username(), now);
    }

    static String subject(String language, Resident resident) {
        return english(language) ? "News of " + latinName(resident) : resident.name() + "的近况";
    }

    static String body(Resident.Contact contact, Resident resident, String text, From from) {
        String phone = from.phone() == null || from.phone().isBlank() ? "" : from.phone();
        if (english(contact.language())) {
            return "Dear " + contact.name() + ",\n\n" + from.name() + " of " + from.community() + " sends news of "
                    + latinName(resident) + ":\n\n" + text + "\n\n"
                    + (phone.isEmpty() ? "" : "To talk to us, call " + phone + ".\n") + "\n-- CareCall, "
                    + from.community() + "\n";
        }
        return contact.name() + "您好：\n\n" + from.community() + "的" + from.name() + "告诉您" + resident.name()
                + "的近况：\n\n" + text + "\n\n" + (phone.isEmpty() ? "" : "如有问题，请致电 " + phone + "。\n")
                + "\n—— " + from.community() + " CareCall\n";
    }

    private static boolean english(String language) {
        return "en".equals(language);
    }

    private static String latinName(Resident resident) {
        return resident.nameLatin() == null || resident.nameLatin().isBlank() ? resident.name() : resident.nameLatin();
    }
}
