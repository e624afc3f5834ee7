package org.carecall.hub.family;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import org.carecall.hub.care.CareThread;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;

/**
 * The monthly summary: from 09:00 on the 1st, in each community's time zone, each consenting contact of each
 * resident is sent last month's figures ({@link MonthFigures}) and her grid worker's name and phone. A hub
 * that was down on the 1st catches up on the 2nd; after that, last month's news is left unsent.
 *
 * <p>Guarantees: each contact gets one summary a month on each channel, however many passes and hub nodes
 * sweep: a message's key is made from the resident, the month, the contact and the channel, and the outbox
 * stores a key once. The figures are read only for a resident whose summaries are not all stored yet.
 * Runs on a thread of its own, never an alarm's.
 */
public final class MonthlySummaries implements AutoCloseable {
    private static final LocalTime SEND_AT = LocalTime.of(9, 0);
    private static final int LAST_DAY = 2;
    private static final int PAGE = 200;
    private static final Duration FIRST = Duration.ofSeconds(45);
    private static final Duration EVERY = Duration.ofMinutes(5);

    private final FamilyNews news;
    private final Community community;
    private final GridWorkers workers;
    private final MonthFigures.Stores stores;
    private final Clock clock;
    private final CareThread thread = new CareThread("family-monthly-summary");

    MonthlySummaries(FamilyNews news, Community community, GridWorkers workers, MonthFigures.Stores stores,
                     Clock clock) {
        this.news = news;
        this.community = community;
        this.workers = workers;
        this.stores = stores;
        this.clock = clock;
    }

    public void start() {
        thread.start(this::sweep, FIRST, EVERY);
    }

    /** One pass: the summaries stored by this pass. */
    public int sweep() throws StoreException {
        int stored = 0;
        for (Site site : community.sites()) {
            ZonedDateTime local = clock.instant().atZone(site.timezone());
            if (local.getDayOfMonth() > LAST_DAY || local.getDayOfMonth() == 1 && local.toLocalTime().isBefore(SEND_AT)) {
                continue;
            }
            YearMonth month = YearMonth.from(local).minusMonths(1);
            List<Resident> page;
            int offset = 0;
            do {
                page = community.residents(new Community.Search(null, null, null, null, false, site.id()), PAGE, offset);
                for (Resident resident : page) {
                    stored += summarize(resident, site, month);
                }
                offset += page.size();
            } while (page.size() == PAGE);
        }
        return stored;
    }

    private int summarize(Resident resident, Site site, YearMonth month) throws StoreException {
        FamilyNews.Keys keys = (contact, channel) -> key(resident, month, contact, channel);
        return news.storeOnce(resident, FamilyMessage.Kind.MONTHLY, keys, () -> {
            MonthFigures figures = MonthFigures.read(stores, resident, site.timezone(), month); // only when due
            FamilyLetters.Signed signed = workers.signed(resident, site);
            return contact -> FamilyLetters.monthly(contact, resident, figures, signed);
        });
    }

    /** The summary's key: the same for a month, a contact and a channel on every pass and every node. */
    static String key(Resident resident, YearMonth month, Resident.Contact contact, FamilyMessage.Channel channel) {
        return FamilyNews.Keys.named("monthly:" + resident.id() + ":" + month).of(contact, channel);
    }

    @Override
    public void close() {
        thread.close();
    }
}
