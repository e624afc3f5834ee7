package org.carecall.hub.family;

/**
 * One way to reach a family member. {@link #deliver} returns once the other side took the message and
 * throws with the reason otherwise; it carries the message's key, so a second delivery of the same message
 * (a retry after a lost answer, or after a node died before marking it) can be known as the same.
 */
public interface FamilyChannel {
    FamilyMessage.Channel kind();

    void deliver(FamilyMessage message) throws Exception;
}
