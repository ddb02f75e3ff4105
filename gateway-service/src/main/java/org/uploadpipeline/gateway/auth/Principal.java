package org.uploadpipeline.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who a verified token speaks for, and until when.
 *
 * @param userId the token's {@code sub}
 * @param tenants the tenants whose uploads the user may see and create; never empty
 * @param expiresAt the token's {@code exp}: a viewer session authenticated by it ends then (4001)
 */
public record Principal(String userId, Set<String> tenants, Instant expiresAt) {

  public Principal {
    tenants = Set.copyOf(tenants);
  }

  /** Whether this user may see the uploads of a tenant. */
  public boolean grants(String tenantId) {
    return tenantId != null && tenants.contains(tenantId);
  }
}
