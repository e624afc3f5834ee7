package org.carecall.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.family.FamilyChannel;
import org.carecall.hub.family.FamilyMail;
import org.carecall.hub.family.FamilyNews;
import org.carecall.hub.family.FamilyOutbox;
import org.carecall.hub.family.FamilySender;
import org.carecall.hub.family.FamilyWebhook;
import org.carecall.hub.store.Database;

/**
 * The family's wing of a hub: the outbox of messages to residents' families, what decides them, and the
 * sender with its channels (e-mail when an SMTP relay is set, the outside channel's webhook when it is).
 */
public record Family(FamilyOutbox outbox, FamilyNews news, FamilySender sender) {

    static Family of(HubConfig config, Database database, OutsideChannel outside, Clock clock) {
        HubConfig.Family settings = config.family;
        List<FamilyChannel> channels = new ArrayList<>();
        if (settings.smtpHost != null && !settings.smtpHost.isBlank()) {
            String from = settings.smtpFrom != null && !settings.smtpFrom.isBlank() ? settings.smtpFrom
                    : "carecall@" + config.publicNames().getFirst();
            channels.add(new FamilyMail(settings.smtpHost, settings.smtpPort, from, settings.smtpUser,
                    settings.smtpPasswordFile));
        }
        if (outside.configured()) {
            channels.add(new FamilyWebhook(outside));
        }
        FamilyOutbox outbox = new FamilyOutbox(database, clock);
        FamilySender sender = new FamilySender(outbox, channels, config.node(), new FamilySender.Settings(
                settings.attempts, Duration.ofMillis(settings.firstRetryMs), Duration.ofMillis(settings.sweepMs)), clock);
        return new Family(outbox, new FamilyNews(outbox, sender, clock), sender);
    }
}
