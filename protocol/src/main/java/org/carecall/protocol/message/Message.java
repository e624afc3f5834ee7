package org.carecall.protocol.message;

import org.carecall.protocol.Channel;

/** A payload of the wire contract; each type belongs to exactly one channel. */
public sealed interface Message
        permits Hello, AlarmReport, Cancel, DeviceEvent, Heartbeat, CommandResult, Receipt, DeviceConfig, Command {

    /** The channel this message travels on. */
    Channel channel();
}
