package org.carecall.hub.family;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.carecall.hub.community.Resident;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;

/**
 * What the family is told, decided and stored in the outbox before anything is sent: one message per
 * consenting contact and channel (e-mail to her address when she gave one and the hub has a relay, the
 * gateway to her phone when the hub has a webhook), written in her language ({@link FamilyLetters}).
 *
 * <p>Guarantees: nothing goes to a contact without "wants updates" and a consent; a message carries what
 * happened and whom to call, and never the resident's health notes, medicines or visit domains; an update
 * whose text repeats her health notes or medicines is refused before anything is stored.
 */
public final class FamilyNews {
    /** Who sent what the hub sends by itself. */
    static final String HUB = "hub";
    private static final FamilyLetters.Letter NOT_YET_WRITTEN = new FamilyLetters.Letter("", "");
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
        return update(resident, text, from, (contact, channel) -> MessageIds.next());
    }

    /**
     * The update a worker wrote with a visit, keyed by the visit: the phone posting the visit again (its answer
     * lost) stores nothing more. The messages stored now (none on a repeat).
     */
    public CompletableFuture<List<FamilyMessage>> updateWithVisit(Resident resident, String text, From from,
                                                                  String visitId) {
        return update(resident, text, from, Keys.named("visit-update:" + visitId));
    }

    private CompletableFuture<List<FamilyMessage>> update(Resident resident, String text, From from, Keys keys) {
        FamilyLetters.Signed signed = new FamilyLetters.Signed(from.name(), from.phone(), from.community());
        List<FamilyMessage> messages = decide(resident, FamilyMessage.Kind.UPDATE, from.username(),
                contact -> FamilyLetters.update(contact, resident, text, signed), keys);
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(messages);
        }
        return outbox.store(messages).thenApply(stored -> {
            sender.nudge();
            return stored;
        });
    }

    /** The key of a contact's message on a channel: the same on every node for a message decided twice. */
    @FunctionalInterface
    interface Keys {
        String of(Resident.Contact contact, FamilyMessage.Channel channel);

        /** Keys named by what was decided ("monthly:{resident}:{month}"), the contact and the channel. */
        static Keys named(String decision) {
            return (contact, channel) -> UUID.nameUUIDFromBytes((decision + ":" + contact.name() + ":" + channel)
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /**
     * One message per consenting contact and channel, not yet stored: e-mail to her address when she gave one
     * and the hub has a relay, the gateway to her phone when it has a webhook; each letter in her language.
     */
    List<FamilyMessage> decide(Resident resident, FamilyMessage.Kind kind, String sentBy,
                               Function<Resident.Contact, FamilyLetters.Letter> letters, Keys keys) {
        long now = clock.millis();
        List<FamilyMessage> messages = new ArrayList<>();
        for (Resident.Contact contact : resident.emergencyContacts()) {
            if (!contact.takesNews()) {
                continue;
            }
            FamilyLetters.Letter letter = letters.apply(contact);
            if (contact.email() != null && !contact.email().isBlank()
                    && sender.channels().contains(FamilyMessage.Channel.EMAIL)) {
                messages.add(message(resident, kind, contact, FamilyMessage.Channel.EMAIL, contact.email(), letter,
                        sentBy, keys, now));
            }
            if (contact.phone() != null && !contact.phone().isBlank()
                    && sender.channels().contains(FamilyMessage.Channel.WEBHOOK)) {
                messages.add(message(resident, kind, contact, FamilyMessage.Channel.WEBHOOK, contact.phone(), letter,
                        sentBy, keys, now));
            }
        }
        return messages;
    }

    /** The letters of a decision, written only once it is known that some are not stored yet. */
    @FunctionalInterface
    interface Writing {
        Function<Resident.Contact, FamilyLetters.Letter> letters() throws StoreException;
    }

    /**
     * Messages whose keys make a decision taken again store nothing (a sweep's next pass, another node):
     * when some are not stored yet, they are written and stored, and sent at once. How many were stored.
     */
    int storeOnce(Resident resident, FamilyMessage.Kind kind, Keys keys, Writing writing) throws StoreException {
        List<String> due = decide(resident, kind, HUB, contact -> NOT_YET_WRITTEN, keys).stream()
                .map(FamilyMessage::id).toList();
        if (due.isEmpty() || outbox.known(due).containsAll(due)) {
            return 0;
        }
        List<FamilyMessage> stored = outbox.store(decide(resident, kind, HUB, writing.letters(), keys)).join();
        if (!stored.isEmpty()) {
            sender.nudge();
        }
        return stored.size();
    }

    /**
     * Messages decided here and stored in another owner's transaction (a check-in step's claim, a call's
     * resolution): written with it, and sent once it commits.
     */
    Alongside alongside(List<FamilyMessage> messages) {
        return messages.isEmpty() ? Alongside.NONE : new Alongside() {
            @Override
            public int count() {
                return messages.size();
            }

            @Override
            public void write(Connection connection) throws SQLException {
                FamilyOutbox.insert(connection, messages);
            }

            @Override
            public void committed() {
                sender.nudge();
            }
        };
    }

    private static FamilyMessage message(Resident resident, FamilyMessage.Kind kind, Resident.Contact contact,
                                         FamilyMessage.Channel channel, String address, FamilyLetters.Letter letter,
                                         String sentBy, Keys keys, long now) {
        return FamilyMessage.decided(keys.of(contact, channel), resident.id(), kind, channel, contact.name(),
                contact.relation(), address, contact.language(), letter.subject(), letter.body(), sentBy, now);
    }
}
