package org.uploadpipeline.processor.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a remote source may be fetched from. The default refuses every address that is not on the public
 * internet, so a job cannot make the processor read an internal endpoint (a metadata service, an admin port) and echo
 * its lines back in row errors.
 */
@FunctionalInterface
public interface AddressPolicy {

  /** Loopback, link-local, private, carrier-grade NAT, multicast, unspecified and broadcast addresses are refused. */
  AddressPolicy PUBLIC_ONLY = AddressPolicy::nonPublicKind;

  /** Why the address is refused, or empty when it may be connected to. */
  Optional<String> refusal(InetAddress address);

  private static Optional<String> nonPublicKind(InetAddress address) {
    String kind = null;
    if (address.isLoopbackAddress()) {
      kind = "loopback";
    } else if (address.isLinkLocalAddress()) {
      kind = "link-local";
    } else if (address.isSiteLocalAddress() || isUniqueLocal(address) || isSharedAddressSpace(address)) {
      kind = "private";
    } else if (address.isMulticastAddress()) {
      kind = "multicast";
    } else if (address.isAnyLocalAddress() || isThisNetworkOrBroadcast(address)) {
      kind = "unspecified or broadcast";
    }
    return Optional.ofNullable(kind).map(k -> k + " address " + address.getHostAddress());
  }

  /** IPv6 unique local addresses, fc00::/7. */
  private static boolean isUniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
  }

  /** 100.64.0.0/10, carrier-grade NAT: private in all but name. */
  private static boolean isSharedAddressSpace(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
  }

  /** 0.0.0.0/8 and 255.255.255.255. */
  private static boolean isThisNetworkOrBroadcast(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && ((b[0] & 0xFF) == 0 || (b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF);
  }
}
