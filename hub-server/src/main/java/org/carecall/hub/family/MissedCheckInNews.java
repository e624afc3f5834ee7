package org.carecall.hub.family;

import java.util.List;
import java.util.Optional;
import org.carecall.hub.checkin.CheckInDay;
import org.carecall.hub.checkin.FamilyStep;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;

/**
 * The check-in ladder's family step: her consenting contacts are told that her 平安 check-in did not come
 * by her deadline and that the community is trying to reach her, with whom to call (her grid worker). The
 * messages are stored in the transaction that claims the step, so a step claimed once in the district
 * tells each contact once on each channel; a day someone closed or said "I'm on it" never gets here.
 */
public final class MissedCheckInNews implements FamilyStep {
    private final FamilyNews news;
    private final Community community;
    private final GridWorkers workers;

    MissedCheckInNews(FamilyNews news, Community community, GridWorkers workers) {
        this.news = news;
        this.community = community;
        this.workers = workers;
    }

    @Override
    public Alongside decide(CheckInDay day) throws StoreException {
        Optional<Resident> resident = community.resident(day.residentId());
        Optional<Site> site = resident.isEmpty() ? Optional.empty() : workers.siteOf(resident.get());
        if (site.isEmpty()) {
            return Alongside.NONE;
        }
        FamilyLetters.Signed signed = workers.signed(resident.get(), site.get());
        List<FamilyMessage> messages = news.decide(resident.get(), FamilyMessage.Kind.CHECK_IN_MISSED, FamilyNews.HUB,
                contact -> FamilyLetters.missedCheckIn(contact, resident.get(),
                        day.deadlineAt().atZone(site.get().timezone()), signed),
                (contact, channel) -> MessageIds.next()); // the step's claim makes them once
        return news.alongside(messages);
    }
}
