package io.github.autologout.redis;

import java.util.Base64;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisKeySafeCookieSerializer}.
 */
class RedisKeySafeCookieSerializerTests {

	@Test
	void idsThatWouldNameAnotherKeyThanASessionsAreNotReadAndTheOthersAre() {
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		CookieSerializer keySafe = RedisKeySafeCookieSerializer.keySafe(serializer);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(cookie("expires:6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33"), cookie("expirations"),
				cookie("6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33"));

		assertThat(serializer.readCookieValues(request)).hasSize(3);
		assertThat(keySafe.readCookieValues(request)).containsExactly("6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33");
	}

	@Test
	void theSerializerCanStillBeInjectedByItsOwnClass() {
		CookieSerializer keySafe = RedisKeySafeCookieSerializer.keySafe(new DefaultCookieSerializer());

		assertThat(keySafe).isInstanceOf(DefaultCookieSerializer.class);
	}

	private static Cookie cookie(String id) {
		return new Cookie("SESSION", Base64.getEncoder().encodeToString(id.getBytes()));
	}

}
