package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class HandshakeRequestTest {

  @Test
  void keepsNoTokenInTheQueryHoweverItIsEncoded() {
    for (String query :
        new String[] {"token=abc&lastSeq=3", "%74oken=abc&lastSeq=3", "t%6Fken=abc&lastSeq=3", "lastSeq=3&token"}) {
      assertThat(handshake(query).getQueryString()).as(query).isEqualTo("lastSeq=3");
    }
  }

  @Test
  void dropsAPartWhoseNameDoesNotDecode() {
    assertThat(handshake("%zzoken=abc&lastSeq=3").getQueryString()).isEqualTo("lastSeq=3");
  }

  @Test
  void showsNeitherTheTokenParameterNorTheAuthorizationHeader() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws/processing/u1/");
    request.setParameter("token", "abc");
    request.addHeader("Authorization", "Bearer abc");
    request.addHeader("Origin", "http://localhost:5173");
    HandshakeRequest handshake = new HandshakeRequest(request);

    assertThat(handshake.getParameter("token")).isNull();
    assertThat(handshake.getParameterMap()).doesNotContainKey("token");
    assertThat(handshake.getHeader("Authorization")).isNull();
    assertThat(handshake.getHeader("Origin")).isEqualTo("http://localhost:5173");
  }

  private static HandshakeRequest handshake(String query) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws/processing/u1/");
    request.setQueryString(query);
    return new HandshakeRequest(request);
  }
}
