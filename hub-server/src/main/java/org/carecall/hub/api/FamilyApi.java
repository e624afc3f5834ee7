package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.care.Visit;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.family.FamilyMessage;
import org.carecall.hub.family.FamilyNews;
import org.carecall.hub.family.FamilyOutbox;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * News to a resident's family: care staff who may see her file send a short update (近况) now, and see
 * what was sent to whom, on which channel, and whether it was delivered; supervisors see the messages given
 * up in their community. Only contacts with "wants updates" and a consent are written to; an update that repeats her health notes or medicines is refused.
 * A worker may also write the update with a visit ({@code familyNews} beside the visit): it goes once however
 * often the phone posts that visit, and one that repeats her health is withheld (never the visit's refusal:
 * the visit matters more). Every update sent is audited (without its text).
 */
public final class FamilyApi implements CareExtras {
    private static final Access CARE = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);
    private static final Access SUPERVISORS = Access.roles(Role.SUPERVISOR, Role.ADMIN);
    private static final int LONGEST_UPDATE = 500;
    /** How many given-up messages are read for the list (the newest), before those of other communities are left out. */
    private static final int GIVEN_UP_READ = 500;

    private final FamilyNews news;
    private final FamilyOutbox outbox;
    private final Community community;
    private final AuditLog audit;
    private final Scope scope;

    public FamilyApi(FamilyNews news, FamilyOutbox outbox, Community community, AuditLog audit, Scope scope) {
        this.news = news;
        this.outbox = outbox;
        this.community = community;
        this.audit = audit;
        this.scope = scope;
    }

    public void register(HttpRoutes routes) {
        routes.storeOnly("/api/residents/{id}/family-update");
        routes.add(HttpMethod.POST, "/api/residents/{id}/family-update", CARE, call -> {
            Resident resident = seen(call);
            Fields fields = new Fields(call.json());
            String text = fields.optionalText("text", LONGEST_UPDATE);
            if (text == null) {
                fields.text("text");
            } else if (FamilyNews.repeatsHealth(resident, text)) {
                fields.problem("text", "health", "an update never carries her health notes or medicines");
            }
            fields.check();
            List<FamilyMessage> sent = news.update(resident, text, from(call, resident)).join();
            if (sent.isEmpty()) {
                throw ApiException.conflict("no-family", "no contact of hers wants updates with her consent recorded,"
                        + " or the hub has no e-mail relay or gateway for them");
            }
            audited(call, resident, sent, "");
            return Reply.json(HttpResponseStatus.ACCEPTED, Map.of("messages", sent.stream().map(FamilyApi::view).toList()));
        });
        routes.add(HttpMethod.GET, "/api/family-messages/given-up", SUPERVISORS, call -> Reply.ok(givenUp(call)));
        routes.add(HttpMethod.GET, "/api/residents/{id}/family-messages", CARE, call -> {
            Resident resident = seen(call);
            return Reply.ok(outbox.ofResident(resident.id(), call.queryInt("limit", 100, 1, 500)).stream()
                    .map(FamilyApi::view).toList());
        });
    }

    /** The update written with a visit, if any: stored once per visit, contact and channel. */
    @Override
    public void visitPosted(Visit visit, HttpCall call) throws Exception {
        String text = call.json().path("familyNews").asText("").strip();
        Optional<Resident> resident = community.resident(visit.residentId());
        if (text.isEmpty() || resident.isEmpty()) {
            return;
        }
        if (text.length() > LONGEST_UPDATE || FamilyNews.repeatsHealth(resident.get(), text)) {
            audit.changed(call.caller().username(), "family.update-withheld", null, call.origin(), "update to the"
                    + " family of resident " + resident.get().id() + " with visit " + visit.id() + " withheld: too long"
                    + " or repeating her health notes");
            return;
        }
        List<FamilyMessage> sent = news.updateWithVisit(resident.get(), text, from(call, resident.get()), visit.id())
                .join();
        if (!sent.isEmpty()) {
            audited(call, resident.get(), sent, " with visit " + visit.id());
        }
    }

    private FamilyNews.From from(HttpCall call, Resident resident) {
        String site = scope.siteOf(resident).flatMap(community::site).map(Site::name).orElse("");
        return new FamilyNews.From(call.caller().username(), call.caller().displayName(), call.caller().phone(), site);
    }

    private void audited(HttpCall call, Resident resident, List<FamilyMessage> sent, String with) {
        audit.changed(call.caller().username(), "family.update", null, call.origin(), "update to the family of"
                + " resident " + resident.id() + with + ": " + String.join(", ", sent.stream()
                .map(message -> message.contactName() + " by " + message.channel()).toList()));
    }

    /** The supervisor's list: messages given up (every attempt failed) of the residents this person may see. */
    private List<Map<String, Object>> givenUp(HttpCall call) throws Exception {
        List<Map<String, Object>> seen = new ArrayList<>();
        for (FamilyMessage message : outbox.givenUp(GIVEN_UP_READ)) {
            Optional<Resident> resident = community.resident(message.residentId());
            if (resident.isPresent() && scope.maySeeResident(call.caller(), resident.get())) {
                Map<String, Object> view = view(message);
                view.put("residentId", resident.get().id());
                view.put("residentName", resident.get().name());
                seen.add(view);
            }
        }
        return seen;
    }

    /** A message as staff see it: to whom, on which channel, and how its delivery went. */
    private static Map<String, Object> view(FamilyMessage message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id());
        view.put("kind", message.kind().name());
        view.put("channel", message.channel().name());
        view.put("to", message.contactName());
        view.put("relation", message.relation());
        view.put("address", message.address());
        view.put("language", message.language());
        view.put("subject", message.subject());
        view.put("text", message.body());
        view.put("sentBy", message.sentBy());
        view.put("createdAt", message.createdAt());
        view.put("delivery", message.state().name());
        view.put("attempts", message.attempts());
        view.put("deliveredAt", message.deliveredAt());
        view.put("lastError", message.lastError());
        return view;
    }

    /** Her file, if this person may see it; another's answers as if it did not exist, and is audited. */
    private Resident seen(HttpCall call) throws Exception {
        return ResidentLookup.find(community, audit, call, scope::maySeeResident, "family news of resident ");
    }
}
