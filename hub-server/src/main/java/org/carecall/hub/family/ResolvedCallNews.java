package org.carecall.hub.family;

import java.time.Instant;
import java.util.Optional;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.ResolutionNews;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmClass;
import org.carecall.protocol.AlarmKind;

/**
 * A resolved call told to the family, where the community turned it on (the care policy's
 * {@code family.callResolved}, off by default): when she called and who of the community took it and
 * closed it, never the kind of call, its outcome or its notes.
 *
 * <p>Guarantees: the messages are decided before the call is resolved and stored in the resolution's own
 * transaction, so a call resolved once is told once to each consenting contact on each channel, and a
 * resolution that was refused or never committed tells nobody. Not told: tests, a unit's technical trouble,
 * a missed check-in (its ladder has its own family step) and a call the resident cancelled.
 */
public final class ResolvedCallNews implements ResolutionNews {
    private final FamilyNews news;
    private final DeviceRegistry devices;
    private final Community community;
    private final CarePolicies policies;
    private final GridWorkers workers;

    ResolvedCallNews(FamilyNews news, DeviceRegistry devices, Community community, CarePolicies policies,
                     GridWorkers workers) {
        this.news = news;
        this.devices = devices;
        this.community = community;
        this.policies = policies;
        this.workers = workers;
    }

    @Override
    public Alongside decide(Alarm call, Instant resolvedAt) throws StoreException {
        if (call.test() || call.kind().alarmClass() == AlarmClass.TECHNICAL || call.kind() == AlarmKind.CHECK_IN_MISSED) {
            return Alongside.NONE;
        }
        Optional<String> residentId = devices.findOrRead(call.deviceId()).map(Device::residentId);
        Optional<Resident> resident = residentId.isEmpty() ? Optional.empty()
                : community.resident(residentId.get()).filter(found -> !found.archived());
        Optional<Site> site = resident.isEmpty() ? Optional.empty() : workers.siteOf(resident.get());
        if (site.isEmpty() || !policies.forSite(site.get().id()).family().callResolved()) {
            return Alongside.NONE;
        }
        FamilyLetters.Signed signed = workers.signed(resident.get(), site.get());
        // Keyed by the call: a message another node stored for it (or an older node's sweep) is not stored twice.
        return news.alongside(news.decide(resident.get(), FamilyMessage.Kind.CALL_RESOLVED, FamilyNews.HUB,
                contact -> FamilyLetters.callResolved(contact, resident.get(), call.raisedAt().atZone(site.get().timezone()),
                        resolvedAt.atZone(site.get().timezone()), call.handling().acknowledgedName(), signed),
                FamilyNews.Keys.named("call-resolved:" + call.id())));
    }
}
