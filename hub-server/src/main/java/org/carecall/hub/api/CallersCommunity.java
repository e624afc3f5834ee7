package org.carecall.hub.api;

import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;

/** The community a route names, if it is the caller's; another answers as if it did not exist, and is audited. */
final class CallersCommunity {
    private CallersCommunity() {
    }

    static Site site(HttpCall call, String id, Community community, Scope scope, AuditLog audit) {
        Optional<Site> found = id == null ? Optional.empty() : community.site(id);
        if (found.isPresent() && !scope.inCommunity(call.caller(), found.get().id())) {
            audit.noted(call.caller().username(), "scope.refused", null, call.origin(), "community " + id + " not theirs");
            found = Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no community '" + id + "'"));
    }
}
