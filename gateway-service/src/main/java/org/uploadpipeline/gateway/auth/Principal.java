package org.uploadpipeline.gateway.auth;

import java.util.Set;

/**
 * Who a verified token speaks for.
 *
 * @param userId the token's {@code sub}
 * @param tenants the tenants whose uploads the user may see and create; never empty
 */
public record Principal(String userId, Set<String> tenants) {

  public Principal {
    tenants = Set.copyOf(tenants);
  }

  /** Whether this user may see the uploads of a tenant. */
  public boolean grants(String tenantId) {
    return tenantId != null && tenants.contains(tenantId);
  }
}
