package org.carecall.hub.family;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareThread;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;

/**
 * A resolved call told to the family, where the community turned it on (the care policy's
 * {@code family.callResolved}, off by default): when she called and who of the community took it and
 * closed it, never the kind of call, its outcome or its notes.
 *
 * <p>Guarantees: each consenting contact is told of a call once on each channel, however many passes and
 * hub nodes sweep: a message's key is made from the call, the contact and the channel, and the outbox stores
 * a key once. A call resolved while this node was down is told at its next pass if it was resolved within
 * {@link #LOOK_BACK}. Runs on a thread of its own, never an alarm's.
 */
public final class ResolvedCallNews implements AutoCloseable {
    /** How far back a pass looks for resolved calls: a restart within it loses none. */
    static final Duration LOOK_BACK = Duration.ofHours(2);
    private static final Duration FIRST = Duration.ofSeconds(30);
    private static final Duration EVERY = Duration.ofSeconds(30);

    /** A call of a resident's that was resolved: what the family may be told of it. */
    public record Resolved(String alarmId, String residentId, Instant raisedAt, Instant resolvedAt, String takenBy) {
    }

    /** The resident's calls (not technical, not tests) resolved since a time. */
    @FunctionalInterface
    public interface Calls {
        List<Resolved> resolvedSince(Instant since) throws StoreException;
    }

    private final FamilyNews news;
    private final Calls calls;
    private final Community community;
    private final CarePolicies policies;
    private final GridWorkers workers;
    private final Clock clock;
    private final CareThread thread = new CareThread("family-call-news");

    ResolvedCallNews(FamilyNews news, Calls calls, Community community, CarePolicies policies, GridWorkers workers,
                     Clock clock) {
        this.news = news;
        this.calls = calls;
        this.community = community;
        this.policies = policies;
        this.workers = workers;
        this.clock = clock;
    }

    public void start() {
        thread.start(this::sweep, FIRST, EVERY);
    }

    /** One pass: the messages stored by this pass. */
    public int sweep() throws StoreException {
        boolean anyOn = false;
        for (Site site : community.sites()) {
            anyOn |= policies.forSite(site.id()).family().callResolved();
        }
        if (!anyOn) {
            return 0; // the usual case: no community tells families of calls, and no call is read
        }
        int stored = 0;
        for (Resolved call : calls.resolvedSince(clock.instant().minus(LOOK_BACK))) {
            Optional<Resident> resident = community.resident(call.residentId()).filter(found -> !found.archived());
            Optional<Site> site = resident.isEmpty() ? Optional.empty() : workers.siteOf(resident.get());
            if (site.isEmpty() || !policies.forSite(site.get().id()).family().callResolved()) {
                continue;
            }
            stored += tell(call, resident.get(), site.get());
        }
        return stored;
    }

    private int tell(Resolved call, Resident resident, Site site) throws StoreException {
        FamilyLetters.Signed signed = workers.signed(resident, site);
        return news.storeOnce(resident, FamilyMessage.Kind.CALL_RESOLVED, FamilyNews.Keys.named("call-resolved:"
                + call.alarmId()), () -> contact -> FamilyLetters
                .callResolved(contact, resident, call.raisedAt().atZone(site.timezone()),
                        call.resolvedAt().atZone(site.timezone()), call.takenBy(), signed));
    }

    @Override
    public void close() {
        thread.close();
    }
}
