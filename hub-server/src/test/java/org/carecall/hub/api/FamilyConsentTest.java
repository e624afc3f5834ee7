package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A son who wants news of his mother: his e-mail address, his language and his consent on her file. The
 * hub records when and by whom the consent was given, refuses "wants updates" without it (naming the
 * field), keeps it across edits, drops it in one edit, and audits each change.
 */
class FamilyConsentTest {
    private static TestHub hub;
    private static TestConsole admin;
    private static String gridId;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        String siteId = admin.post("/api/sites", "{\"name\":\"Xincheng\",\"timezone\":\"Asia/Shanghai\"}").text("id");
        gridId = admin.post("/api/areas", "{\"siteId\":\"" + siteId + "\",\"name\":\"Grid 1\"}").text("id");
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    private static String file(String son) {
        return """
                {"areaId":"%s","name":"张敏","riskLevel":"HIGH","healthNotes":"diabetic",
                 "emergencyContacts":[%s,{"name":"Li Hua","relation":"neighbour","phone":"139 0000 0002"}]}"""
                .formatted(gridId, son);
    }

    @Test
    void wantsUpdatesWithoutConsentIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        TestConsole.Answer refused = admin.post("/api/residents", file("""
                {"name":"Zhang Wei","relation":"son","phone":"139 0000 0001","email":"wei@example.cn","updates":true}"""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("fields").path("emergencyContacts.1.consentAt").path("code").asText())
                .isEqualTo("consent-required");
        assertThat(admin.get("/api/residents?q=%E5%BC%A0").body().path("total").asInt()).isZero();

        TestConsole.Answer badMail = admin.post("/api/residents", file("""
                {"name":"Zhang Wei","phone":"139 0000 0001","email":"not an address","language":"fr"}"""));
        assertThat(badMail.body().path("fields").path("emergencyContacts.1.email").path("code").asText()).isEqualTo("email");
        assertThat(badMail.body().path("fields").path("emergencyContacts.1.language").path("code").asText())
                .isEqualTo("languages");
    }

    @Test
    void theHubRecordsTheConsentKeepsItAcrossEditsAndDropsItInOneChange() throws Exception {
        long before = System.currentTimeMillis();
        TestConsole.Answer created = admin.post("/api/residents", file("""
                {"name":"Zhang Wei","relation":"son","phone":"139 0000 0001","email":"wei@example.cn",
                 "updates":true,"language":"en","consent":true,"consentBy":"somebody else"}"""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        JsonNode son = created.body().path("emergencyContacts").get(0);
        assertThat(son.path("email").asText()).isEqualTo("wei@example.cn");
        assertThat(son.path("updates").asBoolean()).isTrue();
        assertThat(son.path("language").asText()).isEqualTo("en");
        assertThat(son.path("consentBy").asText()).isEqualTo("admin");
        assertThat(son.path("consentAt").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(created.body().path("emergencyContacts").get(1).path("consentAt").isNull()).isTrue();

        // The file as read, sent back with another room: the consent stays as first recorded.
        JsonNode read = admin.get("/api/residents/" + id).body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) read).put("room", "2-102");
        JsonNode edited = admin.put("/api/residents/" + id, read.toString()).body();
        assertThat(edited.path("emergencyContacts").get(0).path("consentAt").asLong()).isEqualTo(son.path("consentAt").asLong());

        TestConsole.Answer withdrawn = admin.put("/api/residents/" + id, file("""
                {"name":"Zhang Wei","relation":"son","phone":"139 0000 0001","email":"wei@example.cn",
                 "updates":false,"consent":false}"""));
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        JsonNode after = admin.get("/api/residents/" + id).body().path("emergencyContacts").get(0);
        assertThat(after.path("consentAt").isNull()).isTrue();
        assertThat(after.path("updates").asBoolean()).isFalse();

        String audit = admin.get("/api/audit?actor=admin").body().toString();
        assertThat(audit).contains("familyNews: 'Zhang Wei wants updates <wei@example.cn>, consent recorded by admin'"
                + " → (none)");
    }
}
