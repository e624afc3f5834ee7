package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.EnrolmentQr;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.Changes;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.Enrolment;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.DeviceConfig;

/**
 * Devices for technicians: add a unit for a resident, its one-time enrolment code (also as a QR code of
 * the command to type), its health, commands and their answers, rotate its secret, revoke it. Every
 * change is audited with who made it. A unit placed with a resident is her community's ({@link Scope}).
 */
public final class DeviceApi {
    private static final Access MANAGE = Access.roles(Role.TECHNICIAN, Role.ADMIN);
    private static final Access READ = Access.roles(Role.TECHNICIAN, Role.SUPERVISOR, Role.ADMIN);

    private final DeviceRegistry devices;
    private final DevicePresence presence;
    private final DeviceCommands commands;
    private final Enrolment enrolment;
    private final WeeklyTests weeklyTests;
    private final Community community;
    private final AuditLog audit;
    private final int mqttPort;
    private final java.util.function.IntSupplier mqttTlsPort;
    private final org.carecall.hub.device.EnrolmentAddress address;
    private final Scope scope;
    private final Configure configure;

    /** The units and what is done to them: the registry, their presence, commands, weekly tests, settings. */
    public record Fleet(DeviceRegistry devices, DevicePresence presence, DeviceCommands commands,
                        WeeklyTests weeklyTests, Configure configure) {
    }

    /** Stores new behaviour settings for a unit and sends them at once if it is connected. */
    @FunctionalInterface
    public interface Configure {
        java.util.concurrent.CompletableFuture<DeviceConfig> apply(String deviceId, DeviceConfig settings);
    }

    /** Where a unit finds the hub: the MQTT ports, and the address its enrolment code names. */
    public record Reach(int mqttPort, java.util.function.IntSupplier mqttTlsPort,
                        org.carecall.hub.device.EnrolmentAddress address) {
    }

    public DeviceApi(Fleet fleet, Enrolment enrolment, Community community, AuditLog audit, Reach reach, Scope scope) {
        this.scope = scope;
        this.configure = fleet.configure();
        this.community = community;
        this.audit = audit;
        this.devices = fleet.devices();
        this.presence = fleet.presence();
        this.commands = fleet.commands();
        this.enrolment = enrolment;
        this.weeklyTests = fleet.weeklyTests();
        this.mqttPort = reach.mqttPort();
        this.mqttTlsPort = reach.mqttTlsPort();
        this.address = reach.address();
    }

    public void register(HttpRoutes routes) {
        // The unit's voice: the language its prompts are spoken in and how loud, sent to it at once.
        routes.add(HttpMethod.PUT, "/api/devices/{id}/voice", READ, call -> {
            DeviceConfig now = device(call, call.param("id")).config();
            Fields fields = new Fields(call.json());
            String language = fields.text("language");
            int volume = fields.wholeNumber("volume", 0, 100);
            fields.check();
            if (!language.equals("zh-CN") && !language.equals("en")) {
                throw ApiException.badRequest("'language' must be zh-CN or en");
            }
            DeviceConfig stored = configure.apply(call.param("id"), new DeviceConfig(now.version(), now.heartbeatS(),
                    now.inactivity(), now.nightDoor(), new DeviceConfig.Feedback(language, volume))).join();
            DeviceConfig.Feedback was = now.feedback();
            audit.changed(call.caller().username(), "device.voice", call.param("id"), call.origin(),
                    Changes.of("voice").field("language", was == null ? null : was.voice(), language)
                            .field("volume", was == null ? null : was.volume(), volume).toString());
            return Reply.ok(Map.of("deviceId", call.param("id"), "language", language, "volume", volume,
                    "configVersion", stored.version()));
        });
        routes.add(HttpMethod.POST, "/api/devices", MANAGE, call -> {
            Fields fields = new Fields(call.jsonOrEmpty());
            String deviceId = fields.optionalText("deviceId", 64);
            if (deviceId != null && !org.carecall.protocol.DeviceIds.isValid(deviceId)) {
                fields.problem("deviceId", "device-id", "'deviceId' must be 3 to 64 lower-case letters, digits"
                        + " and dashes");
            } else if (deviceId != null && devices.find(deviceId).isPresent()) {
                fields.problem("deviceId", "taken", "device '" + deviceId + "' already exists");
            }
            String label = fields.optionalText("label", 100);
            String residentId = resident(call, fields);
            fields.check();
            DeviceRegistry.Enrolled enrolled = devices.create(deviceId, label, residentId).join();
            audit.changed(call.caller().username(), "device.created", enrolled.deviceId(), call.origin(),
                    "unit" + (label == null ? "" : " '" + label + "'") + (residentId == null ? "" : " for resident " + residentId));
            return Reply.json(HttpResponseStatus.CREATED, Map.of("deviceId", enrolled.deviceId(), "secret",
                    enrolled.secret(), "note", "the secret is shown this once"));
        });
        routes.add(HttpMethod.PUT, "/api/devices/{id}", MANAGE, call -> {
            Device device = device(call, call.param("id"));
            Fields fields = new Fields(call.json());
            String label = fields.optionalText("label", 100);
            String residentId = resident(call, fields);
            fields.check();
            devices.place(device.id(), label, residentId).join();
            audit.changed(call.caller().username(), "device.placed", device.id(), call.origin(),
                    Changes.of("unit " + device.id()).field("label", device.label(), label)
                            .field("residentId", device.residentId(), residentId).toString());
            return Reply.ok(view(devices.find(device.id()).orElseThrow(), weeklyTests.byDevice().get(device.id()),
                    enrolment.onlineConfirmations().get(device.id())));
        });
        // The code is typed on the unit (or scanned from the QR code of the whole command line); {"hub"}
        // is the address the unit should use, by default the hub's configured public name over HTTPS (never
        // the Host this request came with: anyone on the way can write that). The pin makes it safe.
        routes.add(HttpMethod.POST, "/api/devices/{id}/enrolment-code", MANAGE, call -> {
            Device device = device(call, call.param("id"));
            if (device.revoked()) {
                throw ApiException.conflict("revoked", "device '" + device.id() + "' is revoked; add a new unit");
            }
            Fields fields = new Fields(call.jsonOrEmpty());
            String hub = fields.optionalText("hub", 200);
            if (hub != null && !hub.matches("(https?://)?[A-Za-z0-9.\\[\\]:-]+(:[0-9]{1,5})?/?")) {
                fields.problem("hub", "hub", "'hub' must be the hub's address, such as 192.168.1.10:8443");
            }
            boolean confirmed = confirmed(fields);
            fields.check();
            boolean online = online(device.id());
            if (online && !confirmed) {
                throw ApiException.conflict("unit-online", "unit '" + device.id() + "' is online and working;"
                        + " re-enrolling it will disconnect it: send {\"confirm\":true} to go on");
            }
            String hubUrl = hub == null ? address.hubUrl() : hub.contains("://") ? hub.replaceAll("/$", "")
                    : "https://" + hub.replaceAll("/$", "");
            Enrolment.Code code = enrolment.issue(device.id(), call.caller().username(), online);
            String command = address.command(hubUrl, code.code());
            audit.changed(call.caller().username(), "enrol.code-issued", device.id(), call.origin(),
                    "one-time enrolment code, until " + code.expiresAt() + "; any older code of the unit stops working");
            if (online) {
                audit.changed(call.caller().username(), "enrol.online-unit", device.id(), call.origin(),
                        "enrolment code issued for a unit that is online and working, confirmed; redeeming it"
                                + " will disconnect the unit");
            }
            return Reply.json(HttpResponseStatus.CREATED, Map.of("deviceId", code.deviceId(), "code", code.code(),
                    "expiresAt", code.expiresAt(), "command", command, "pin", address.pin(), "qrSvg", EnrolmentQr.svg(command),
                    "note", "type it on the unit: " + command));
        });
        routes.add(HttpMethod.POST, "/api/enrol", Access.PUBLIC, call -> {
            Fields fields = new Fields(call.json());
            String code = fields.text("code");
            boolean confirmed = confirmed(fields);
            fields.check();
            return switch (enrolment.redeem(code, call.origin(), confirmed)) {
                case Enrolment.Redemption.Enrolled(DeviceRegistry.Enrolled enrolled) -> Reply.ok(Map.of(
                        "deviceId", enrolled.deviceId(), "secret", enrolled.secret(), "mqttPort", mqttPort,
                        "mqttTlsPort", mqttTlsPort.getAsInt()));
                case Enrolment.Redemption.UnitOnline online -> throw ApiException.conflict("unit-online",
                        "this unit is online and working; re-enrolling it will disconnect it: send"
                                + " {\"confirm\":true} (provision enrol --confirm) to go on");
                case Enrolment.Redemption.Refused refused -> throw new ApiException(HttpResponseStatus.FORBIDDEN,
                        "enrolment-refused", "the code is unknown, used or expired, or too many wrong codes came from here");
            };
        });
        routes.add(HttpMethod.GET, "/api/devices", READ, call -> {
            Map<String, WeeklyTests.DeviceTest> tests = weeklyTests.byDevice();
            Map<String, Enrolment.OnlineConfirmation> reEnrolled = enrolment.onlineConfirmations();
            return Reply.ok(devices.all().stream().filter(device -> scope.maySeeDevice(call.caller(), device.id()))
                    .map(device -> view(device, tests.get(device.id()), reEnrolled.get(device.id()))).toList());
        });
        routes.add(HttpMethod.GET, "/api/devices/{id}", READ, call -> {
            Device device = device(call, call.param("id"));
            return Reply.ok(view(device, weeklyTests.byDevice().get(device.id()),
                    enrolment.onlineConfirmations().get(device.id())));
        });
        routes.add(HttpMethod.POST, "/api/devices/{id}/secret", MANAGE, call -> {
            String secret = devices.rotateSecret(device(call, call.param("id")).id()).join();
            audit.changed(call.caller().username(), "device.secret-rotated", call.param("id"), call.origin(),
                    "new secret; the old one stops working now and its open connection is closed");
            return Reply.ok(Map.of("deviceId", call.param("id"), "secret", secret, "note",
                    "the old secret stops working now; a connection made with it is closed"));
        });
        routes.add(HttpMethod.DELETE, "/api/devices/{id}", MANAGE, call -> {
            devices.revoke(device(call, call.param("id")).id()).join();
            audit.changed(call.caller().username(), "device.revoked", call.param("id"), call.origin(),
                    "refused from now on; its open connection is closed");
            return Reply.ok(Map.of("deviceId", call.param("id"), "revoked", true));
        });
        routes.add(HttpMethod.POST, "/api/devices/{id}/commands", MANAGE, call -> {
            Fields fields = new Fields(call.json());
            CommandName name = fields.choice("cmd", CommandName.class, null);
            if (name == null) {
                fields.problem("'cmd' is required: SELFTEST, LOCATE, TEST_CALL or RELOAD_CONFIG");
            }
            fields.check();
            var command = commands.send(device(call, call.param("id")).id(), name, Map.of()).join();
            audit.changed(call.caller().username(), "device.command", call.param("id"), call.origin(), name.name());
            return Reply.json(HttpResponseStatus.ACCEPTED, Map.of("commandId", command.id(), "cmd", name.name(),
                    "online", presence.status(call.param("id")).map(DeviceStatus::online).orElse(false)));
        });
        // Commands and the unit's answers, newest first; the console asks again until the answer is there.
        routes.add(HttpMethod.GET, "/api/devices/{id}/commands", READ, call -> Reply.ok(
                commands.recent(device(call, call.param("id")).id(), call.queryInt("limit", 20, 1, 200)).stream()
                        .map(DeviceApi::commandView).toList()));
        routes.add(HttpMethod.GET, "/api/devices/{id}/commands/{commandId}", READ, call -> {
            String deviceId = device(call, call.param("id")).id(); // the unit first: another community's is not found
            return Reply.ok(commands.find(call.param("commandId")).filter(sent -> sent.deviceId().equals(deviceId))
                    .map(DeviceApi::commandView)
                    .orElseThrow(() -> ApiException.notFound("no command '" + call.param("commandId") + "'")));
        });
    }

    /**
     * The resident a unit is for; a unit may be nobody's yet, but never the unit of an unknown file or of
     * another community's.
     */
    private String resident(HttpCall call, Fields fields) throws StoreException {
        String residentId = fields.optionalText("residentId", 64);
        if (residentId != null && !community.resident(residentId)
                .map(resident -> scope.maySeeResident(call.caller(), resident)).orElse(false)) {
            fields.problem("residentId", "unknown", "'residentId' names no resident of your community");
        }
        return residentId;
    }

    private static Map<String, Object> commandView(DeviceCommands.Sent sent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("commandId", sent.id());
        view.put("cmd", sent.cmd() == null ? "UNKNOWN" : sent.cmd().name()); // a newer node's command
        view.put("sentAt", sent.sentAt());
        view.put("answeredAt", sent.resultAt());
        view.put("ok", sent.ok());
        try {
            view.put("detail", sent.detailJson() == null ? null : DETAIL.readTree(sent.detailJson()));
        } catch (java.io.IOException e) {
            view.put("detail", null);
        }
        return view;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper DETAIL = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A unit this person may see; another community's answers as if it did not exist, and is audited. */
    private Device device(HttpCall call, String id) {
        Optional<Device> found = devices.find(id);
        if (found.isPresent() && !scope.maySeeDevice(call.caller(), id)) {
            audit.noted(call.caller().username(), "scope.refused", id, call.origin(), "unit of another community");
            found = Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no device '" + id + "'"));
    }

    /** {"confirm": true}: the technician was told the unit is online and working, and goes on. */
    private static boolean confirmed(Fields fields) {
        com.fasterxml.jackson.databind.JsonNode confirm = fields.node("confirm");
        if (confirm != null && !confirm.isBoolean()) {
            fields.problem("confirm", "boolean", "'confirm' must be true or false");
        }
        return confirm != null && confirm.asBoolean(false);
    }

    private boolean online(String deviceId) {
        return presence.status(deviceId).map(DeviceStatus::online).orElse(false);
    }

    private Map<String, Object> view(Device device, WeeklyTests.DeviceTest test, Enrolment.OnlineConfirmation reEnrolled) {
        DeviceStatus status = presence.status(device.id()).orElse(null);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deviceId", device.id());
        view.put("label", device.label());
        view.put("residentId", device.residentId());
        if (device.residentId() != null) {
            try {
                community.resident(device.residentId()).ifPresent(resident -> view.put("residentName", resident.name()));
            } catch (StoreException e) {
                view.put("residentName", null);
            }
        }
        view.put("revoked", device.revoked());
        view.put("configVersion", device.config().version());
        view.put("online", status != null && status.online());
        if (status != null) {
            view.put("lastSeen", status.lastSeenAt());
            view.put("firmware", status.fw());
            view.put("outbox", status.outbox());
            view.put("power", status.power());
            view.put("batteryPct", status.batteryPct());
            view.put("cpuTempC", status.cpuTempC());
            view.put("wifiRssi", status.wifiRssi());
        }
        if (reEnrolled != null) {
            // A notice for the technicians: somebody chose to re-key this unit while it was working.
            view.put("reEnrolledOnline", Map.of("by", reEnrolled.by(), "at", reEnrolled.at()));
        }
        if (test != null) {
            view.put("weeklyTest", test.status());
            view.put("lastTest", test.lastPassedAt());
        }
        return view;
    }
}
