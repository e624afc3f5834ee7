package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.Enrolment;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.staff.Role;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.DeviceConfig;

/** Devices for technicians: create (the secret is shown once), list with health, rotate, revoke, command. */
public final class DeviceApi {
    private static final Access MANAGE = Access.roles(Role.TECHNICIAN, Role.ADMIN);
    private static final Access READ = Access.roles(Role.TECHNICIAN, Role.SUPERVISOR, Role.ADMIN);

    private final DeviceRegistry devices;
    private final DevicePresence presence;
    private final DeviceCommands commands;
    private final Enrolment enrolment;
    private final WeeklyTests weeklyTests;
    private final int mqttPort;
    private final java.util.function.BiFunction<String, DeviceConfig, java.util.concurrent.CompletableFuture<DeviceConfig>> configure;

    public DeviceApi(DeviceRegistry devices, DevicePresence presence, DeviceCommands commands, Enrolment enrolment,
                     WeeklyTests weeklyTests, int mqttPort,
                     java.util.function.BiFunction<String, DeviceConfig, java.util.concurrent.CompletableFuture<DeviceConfig>> configure) {
        this.configure = configure;
        this.devices = devices;
        this.presence = presence;
        this.commands = commands;
        this.enrolment = enrolment;
        this.weeklyTests = weeklyTests;
        this.mqttPort = mqttPort;
    }

    public void register(HttpRoutes routes) {
        // The unit's voice: the language its prompts are spoken in and how loud, sent to it at once.
        routes.add(HttpMethod.PUT, "/api/devices/{id}/voice", READ, call -> {
            Fields fields = new Fields(call.json());
            String language = fields.text("language");
            int volume = fields.wholeNumber("volume", 0, 100);
            fields.check();
            if (!language.equals("zh-CN") && !language.equals("en")) {
                throw ApiException.badRequest("'language' must be zh-CN or en");
            }
            DeviceConfig now = device(call.param("id")).config();
            DeviceConfig stored = configure.apply(call.param("id"), new DeviceConfig(now.version(), now.heartbeatS(),
                    now.inactivity(), now.nightDoor(), new DeviceConfig.Feedback(language, volume))).join();
            return Reply.ok(Map.of("deviceId", call.param("id"), "language", language, "volume", volume,
                    "configVersion", stored.version()));
        });
        routes.add(HttpMethod.POST, "/api/devices", MANAGE, call -> {
            Fields fields = new Fields(call.jsonOrEmpty());
            String deviceId = fields.optionalText("deviceId");
            String label = fields.optionalText("label");
            String residentId = fields.optionalText("residentId");
            fields.check();
            if (deviceId != null && devices.find(deviceId).isPresent()) {
                throw ApiException.conflict("taken", "device '" + deviceId + "' already exists");
            }
            DeviceRegistry.Enrolled enrolled = devices.create(deviceId, label, residentId).join();
            return Reply.json(HttpResponseStatus.CREATED, Map.of("deviceId", enrolled.deviceId(), "secret",
                    enrolled.secret(), "note", "the secret is shown this once"));
        });
        routes.add(HttpMethod.POST, "/api/devices/{id}/enrolment-code", MANAGE, call -> {
            Enrolment.Code code = enrolment.issue(device(call.param("id")).id(), call.caller().username());
            return Reply.json(HttpResponseStatus.CREATED, Map.of("deviceId", code.deviceId(), "code", code.code(),
                    "expiresAt", code.expiresAt(), "note", "type it on the unit: carecall provision enrol --hub HOST"
                            + " --code " + code.code()));
        });
        routes.add(HttpMethod.POST, "/api/enrol", Access.PUBLIC, call -> {
            Fields fields = new Fields(call.json());
            String code = fields.text("code");
            fields.check();
            return enrolment.redeem(code, call.origin())
                    .map(enrolled -> Reply.ok(Map.of("deviceId", enrolled.deviceId(), "secret", enrolled.secret(),
                            "mqttPort", mqttPort)))
                    .orElseThrow(() -> new ApiException(HttpResponseStatus.FORBIDDEN, "enrolment-refused",
                            "the code is unknown, used or expired, or too many wrong codes came from here"));
        });
        routes.add(HttpMethod.GET, "/api/devices", READ, call -> {
            Map<String, WeeklyTests.DeviceTest> tests = weeklyTests.byDevice();
            return Reply.ok(devices.all().stream().map(device -> view(device, tests.get(device.id()))).toList());
        });
        routes.add(HttpMethod.GET, "/api/devices/{id}", READ, call -> {
            Device device = device(call.param("id"));
            return Reply.ok(view(device, weeklyTests.byDevice().get(device.id())));
        });
        routes.add(HttpMethod.POST, "/api/devices/{id}/secret", MANAGE, call -> {
            String secret = devices.rotateSecret(device(call.param("id")).id()).join();
            return Reply.ok(Map.of("deviceId", call.param("id"), "secret", secret, "note",
                    "the old secret stops working at the device's next connect"));
        });
        routes.add(HttpMethod.DELETE, "/api/devices/{id}", MANAGE, call -> {
            devices.revoke(device(call.param("id")).id()).join();
            return Reply.ok(Map.of("deviceId", call.param("id"), "revoked", true));
        });
        routes.add(HttpMethod.POST, "/api/devices/{id}/commands", MANAGE, call -> {
            Fields fields = new Fields(call.json());
            CommandName name = fields.choice("cmd", CommandName.class, null);
            if (name == null) {
                fields.problem("'cmd' is required: SELFTEST, LOCATE, TEST_CALL or RELOAD_CONFIG");
            }
            fields.check();
            var command = commands.send(device(call.param("id")).id(), name, Map.of()).join();
            return Reply.json(HttpResponseStatus.ACCEPTED, Map.of("commandId", command.id(), "cmd", name.name()));
        });
    }

    private Device device(String id) {
        return devices.find(id).orElseThrow(() -> ApiException.notFound("no device '" + id + "'"));
    }

    private Map<String, Object> view(Device device, WeeklyTests.DeviceTest test) {
        DeviceStatus status = presence.status(device.id()).orElse(null);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deviceId", device.id());
        view.put("label", device.label());
        view.put("residentId", device.residentId());
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
        if (test != null) {
            view.put("weeklyTest", test.status());
            view.put("lastTest", test.lastPassedAt());
        }
        return view;
    }
}
