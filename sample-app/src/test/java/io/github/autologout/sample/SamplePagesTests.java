package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The sample's pages with the autologout dialect, without a browser.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SamplePagesTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void homeWhenSignedInThenRendersScriptTagAndCountdown() throws Exception {
		this.mvc.perform(get("/").with(user("user")).session(new MockHttpSession()))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("<script src=\"/autologout/autologout.js\" defer")))
			.andExpect(content().string(Matchers.containsString(" data-idle-seconds=\"900\"")))
			.andExpect(content().string(Matchers.containsString(" data-warn-seconds=\"60\"")))
			.andExpect(content().string(Matchers.containsString(">15:00</strong>")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/sessions", "/password", "/admin" })
	void everyPageOfASignedInUserRendersTheScriptTagSoThatItLeavesWhenTheSessionEnds(String page) throws Exception {
		this.mvc.perform(get(page).with(user("admin").roles("USER", "ADMIN")).session(new MockHttpSession()))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("<script src=\"/autologout/autologout.js\" defer")));
	}

	@Test
	void publicPageWhenAnonymousThenRendersNoScriptTag() throws Exception {
		this.mvc.perform(get("/public"))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("You are not signed in")))
			.andExpect(content().string(Matchers.not(Matchers.containsString("autologout.js"))));
	}

	@Test
	void loginPageWhenSentByAutoLogoutThenShowsTheMessage() throws Exception {
		this.mvc.perform(get("/login").param("autologout", "idle"))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString(
					"role=\"status\">You were signed out because you were inactive for too long.</p>")));
	}

	@Test
	void clientScriptWhenAnonymousThenIsServed() throws Exception {
		this.mvc.perform(get("/autologout/autologout.js"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/javascript"))
			.andExpect(content().string(Matchers.containsString("document.currentScript")));
	}

	@Test
	void clientScriptIsServedMinifiedWithinFourKilobytesGzippedAndWithASourceMapOfItsReadableText() throws Exception {
		byte[] script = this.mvc.perform(get("/autologout/autologout.js"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(new String(script, StandardCharsets.UTF_8)).startsWith("/*\n autologout | Apache-2.0")
			.doesNotContain("\n\t")
			.endsWith("\n//# sourceMappingURL=autologout.js.map\n");
		assertThat(gzipped(script)).hasSizeLessThanOrEqualTo(4000);
		this.mvc.perform(get("/autologout/autologout.js.map"))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache"))
			.andExpect(jsonPath("$.sources[0]").value("autologout.source.js"))
			.andExpect(jsonPath("$.sourcesContent[0]")
				.value(Matchers.containsString("// The server owns the deadlines; this script asks it and shows them.")));
	}

	@Test
	void clientScriptIsRevalidatedByPagesRatherThanDownloadedByEach() throws Exception {
		MvcResult first = this.mvc.perform(get("/autologout/autologout.js").with(user("user")))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache"))
			.andExpect(header().exists(HttpHeaders.LAST_MODIFIED))
			.andReturn();
		this.mvc
			.perform(get("/autologout/autologout.js").with(user("user"))
				.header(HttpHeaders.IF_MODIFIED_SINCE, first.getResponse().getHeader(HttpHeaders.LAST_MODIFIED)))
			.andExpect(status().isNotModified())
			.andExpect(content().bytes(new byte[0]));
	}

	private static byte[] gzipped(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

}
