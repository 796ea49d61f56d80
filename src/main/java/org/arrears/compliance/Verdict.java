package org.arrears.compliance;

/** ALLOW sends now, DEFER waits until a time (quiet hours, caps), DENY never sends this message. */
public enum Verdict { ALLOW, DEFER, DENY }
