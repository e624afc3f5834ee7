package org.carecall.hub;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carecall.hub.api.AlarmApi;
import org.carecall.hub.api.AuditApi;
import org.carecall.hub.api.CareApi;
import org.carecall.hub.api.CarePolicyApi;
import org.carecall.hub.api.CheckInApi;
import org.carecall.hub.api.CommunityApi;
import org.carecall.hub.api.ConsoleFiles;
import org.carecall.hub.api.DeviceApi;
import org.carecall.hub.api.FamilyApi;
import org.carecall.hub.api.ReportApi;
import org.carecall.hub.api.RosterApi;
import org.carecall.hub.api.SessionApi;
import org.carecall.hub.api.SiteApi;
import org.carecall.hub.api.StaffApi;
import org.carecall.hub.api.WorkOrderApi;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.care.CareReport;
import org.carecall.hub.care.TodayList;
import org.carecall.hub.checkin.CheckInReport;
import org.carecall.hub.device.Enrolment;
import org.carecall.hub.device.EnrolmentAddress;
import org.carecall.hub.escalation.EscalationPlanner;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpEndpoint;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.metrics.ScrapeAccess;
import org.carecall.hub.mqtt.MqttEndpoint;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.report.ResponseTimes;
import org.carecall.hub.store.Database;
import org.carecall.hub.workorders.WorkOrderReport;
import org.carecall.hub.workorders.WorkOrderToday;

/**
 * Every HTTP route the hub answers: its own few (health, metrics, the community CA) and each API's,
 * built from the hub's parts. Who may call each route is said where it is added.
 */
final class HubRoutes {
    private final Hub hub;
    private final Database database;
    private final AlarmViews views;
    private final EscalationPlanner planner;
    private final ScrapeAccess scrapes;
    private final HttpEndpoint http;
    private final MqttEndpoint mqtt;

    HubRoutes(Hub hub, Database database, AlarmViews views, EscalationPlanner planner, ScrapeAccess scrapes,
              HttpEndpoint http, MqttEndpoint mqtt) {
        this.hub = hub;
        this.database = database;
        this.views = views;
        this.planner = planner;
        this.scrapes = scrapes;
        this.http = http;
        this.mqtt = mqtt;
    }

    HttpRoutes all() {
        var config = hub.config();
        var tls = hub.tls();
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/healthz", Access.PUBLIC, call -> health())
                .add(HttpMethod.GET, "/metrics", Access.PUBLIC, this::scrape)
                // The certificate phones install and units pin, for anyone: it is public by nature.
                .add(HttpMethod.GET, "/ca.pem", Access.PUBLIC, call -> HttpRoutes.Reply.text(HttpResponseStatus.OK,
                        "application/x-x509-ca-cert", tls.anchorPem()))
                .add(HttpMethod.GET, "/api/tls", Access.PUBLIC, call -> HttpRoutes.Reply.ok(Map.of(
                        "fingerprint", tls.pin(), "publicName", config.publicNames().getFirst(),
                        "publicNames", config.publicNames(), "httpsPort", http.tlsPort(), "mqttTlsPort", mqtt.tlsPort(),
                        "hubMade", tls.hubMade())));
        var staff = hub.people().staff();
        var community = hub.people().community();
        var audit = hub.people().audit();
        var devices = hub.units().devices();
        var presence = hub.units().presence();
        var alarms = hub.calls().alarms();
        var clock = hub.clock();
        new ConsoleFiles(config.console.extraScripts).register(routes);
        new SessionApi(staff).register(routes);
        new StaffApi(staff, community, audit, hub.live(), views.scope()).register(routes);
        new AuditApi(audit).register(routes);
        new SiteApi(community, audit, views.scope()).register(routes);
        new CommunityApi(community, devices, alarms, audit, views.scope(), clock).register(routes);
        new DeviceApi(new DeviceApi.Fleet(devices, presence, hub.units().commands(), hub.units().weeklyTests(), hub::configure),
                new Enrolment(database, devices, audit, clock, config.limits.failedLoginsPerMinute,
                        id -> presence.status(id).map(DeviceStatus::online).orElse(false)),
                community, audit, new DeviceApi.Reach(mqtt.port(), mqtt::tlsPort,
                        new EnrolmentAddress(config.publicNameInUrl(), http::tlsPort, tls.pin())), views.scope())
                .register(routes);
        new AlarmApi(alarms, hub.calls().lifecycle(), views, staff, audit).register(routes);
        new RosterApi(hub.people().roster(), hub.people().policies(), planner, community, staff, audit, clock, views.scope())
                .register(routes);
        new ReportApi(new ResponseTimes(alarms, devices, community), hub.units().weeklyTests(), clock, views.scope())
                .register(routes);
        var care = hub.care();
        new CarePolicyApi(care.policies(), new CareReport(database, clock),
                new CheckInReport(care.checkIns().store(), community), community, audit, clock, views.scope())
                .withWorkOrders(new WorkOrderReport(database, community)).register(routes);
        CheckInApi checkIns = new CheckInApi(care.checkIns(), community, audit, clock, views.scope());
        checkIns.register(routes);
        WorkOrderApi workOrders = new WorkOrderApi(new WorkOrderApi.Parts(care.workOrders(),
                new WorkOrderToday(care.workOrders(), community, care.policies(), clock), care.unitVoice()),
                care.policies(), community, staff, audit, views.scope());
        workOrders.register(routes);
        FamilyApi family = new FamilyApi(hub.family().news(), hub.family().outbox(), community, audit, views.scope());
        family.register(routes);
        new CareApi(care.policies(), care.rounds(), new TodayList(community, care.policies(), care.rounds()),
                community, staff, audit, clock, views.scope()).with(checkIns).with(workOrders).with(family)
                .register(routes);
        return routes;
    }

    /** The metrics, for the monitoring system only: with the scrape token, or from this machine. */
    private HttpRoutes.Reply scrape(HttpCall call) {
        if (!scrapes.allows(call.peer(), call.header("Authorization"), call.forwarded())) {
            return HttpRoutes.Reply.json(HttpResponseStatus.UNAUTHORIZED, Map.of("error", "unauthenticated",
                    "detail", "send the scrape token as 'Authorization: Bearer <token>'"));
        }
        return HttpRoutes.Reply.text(HttpResponseStatus.OK, HubMetrics.contentType(), hub.metrics().scrape());
    }

    /**
     * Healthy or not, for HAProxy and monitoring, from anywhere: no failure's text (it may name hosts, users
     * or the store's insides); the log and /metrics hold the details.
     */
    private HttpRoutes.Reply health() {
        boolean storeOk = database.writer().healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeOk ? "ok" : "unhealthy");
        body.put("store", storeOk ? "ok" : "failing");
        body.put("devicesConnected", hub.units().sessions().count());
        hub.nodes().describe(body, hub.clock().instant());
        return HttpRoutes.Reply.json(storeOk ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }
}
