package org.carecall.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.checkin.CheckIns;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.family.FamilyChannel;
import org.carecall.hub.family.FamilyMail;
import org.carecall.hub.family.FamilyNews;
import org.carecall.hub.family.FamilyOutbox;
import org.carecall.hub.family.FamilySender;
import org.carecall.hub.family.FamilyWebhook;
import org.carecall.hub.family.HubNews;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Database;
import org.carecall.hub.workorders.WorkOrders;

/**
 * The family's wing of a hub: the outbox of messages to residents' families, what decides them, and the
 * sender with its channels (e-mail when an SMTP relay is set, the outside channel's webhook when it is);
 * what the hub tells by itself (a missed check-in's family step, the monthly summary, a resolved call).
 */
public record Family(FamilyOutbox outbox, FamilyNews news, FamilySender sender, HubNews told) {

    /** What the hub's own messages read: the units, and each community's care policy. */
    record Sources(DeviceRegistry devices, CarePolicies policies) {
    }

    static Family of(HubConfig config, Database database, OutsideChannel outside, Clock clock, People people,
                     Sources sources, HubMetrics metrics) {
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
                settings.attempts, Duration.ofMillis(settings.firstRetryMs), Duration.ofMillis(settings.sweepMs)),
                metrics::familyMessage, clock);
        FamilyNews news = new FamilyNews(outbox, sender, clock);
        // The summary reads the month through the tables' owners (each a plain reader over the store).
        HubNews.Month month = new HubNews.Month(new CheckIns(database, clock), new CareRounds(database, clock),
                new WorkOrders(database, clock));
        return new Family(outbox, news, sender, HubNews.of(news, people.community(), people.staff(), month,
                sources.devices(), sources.policies(), clock));
    }
}
