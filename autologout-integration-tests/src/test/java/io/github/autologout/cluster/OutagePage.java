package io.github.autologout.cluster;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser loading a page gets while the session store is down.
 */
final class OutagePage {

	/** What a browser sends when it loads a page. */
	static final String[] PAGE_LOAD = { "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
			"Sec-Fetch-Dest", "document", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8" };

	private OutagePage() {
	}

	/**
	 * Asserts that the response is the short HTML {@code 503} page, in Simplified Chinese, that
	 * tells the browser to come back and reveals nothing of the failure.
	 * @param page the response to a {@link #PAGE_LOAD}
	 */
	static void assertUnavailablePage(HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(page.body()).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"zh-CN\">")
			.contains("<title>暂时无法访问</title>")
			.doesNotContain("Exception")
			.doesNotContain("at ")
			.doesNotContain("Redis")
			.doesNotContain("PSQL")
			.doesNotContain("alice")
			.doesNotContain("bob");
	}

}
