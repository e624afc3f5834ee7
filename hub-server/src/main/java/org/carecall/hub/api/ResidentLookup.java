package org.carecall.hub.api;

import java.util.Optional;
import java.util.function.BiPredicate;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.staff.Staff;

/**
 * The resident a route's {id} names, if the caller may have her for this route: one she may not answers
 * as if it did not exist (404, so no id is confirmed), and the refusal is audited.
 */
final class ResidentLookup {
    private ResidentLookup() {
    }

    /** {@code refused} says in the audit what was asked for, such as "visits of resident r-1". */
    static Resident find(Community community, AuditLog audit, HttpCall call, BiPredicate<Staff, Resident> allowed,
                         String refused) throws Exception {
        String id = call.param("id");
        Optional<Resident> found = community.resident(id);
        if (found.isPresent() && !allowed.test(call.caller(), found.get())) {
            audit.noted(call.caller().username(), "scope.refused", null, call.origin(), refused + id);
            found = Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no resident '" + id + "'"));
    }
}
