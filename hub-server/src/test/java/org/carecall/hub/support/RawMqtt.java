package org.carecall.hub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP connection to the hub for sending bytes no well-behaved MQTT client would send. */
public final class RawMqtt implements AutoCloseable {
    private final Socket socket;

    public RawMqtt(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The port this end of the connection has: how the hub would name it, seen without a balancer. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Reads exactly {@code n} bytes (a CONNACK is 4). */
    public byte[] read(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** Reads until the hub closes the connection; returns what it sent before closing. */
    public byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the hub did not close the connection within 10 s");
        } catch (IOException reset) {
            // a reset is a close too
        }
        return seen.toByteArray();
    }

    /** An MQTT 3.1.1 CONNECT with user name and password and a clean session. */
    public static byte[] connect(String clientId, String username, String password, int keepAliveS) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);          // protocol level 3.1.1
        body.write(0xC2);       // user name, password, clean session
        body.write(keepAliveS >> 8);
        body.write(keepAliveS & 0xFF);
        writeString(body, clientId);
        writeString(body, username);
        writeString(body, password);
        return packet(0x10, body.toByteArray());
    }

    /** An MQTT PUBLISH with QoS 1 and packet id 1. */
    public static byte[] publish(String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.write(0);
        body.write(1);
        body.writeBytes(payload);
        return packet(0x32, body.toByteArray());
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(type);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
