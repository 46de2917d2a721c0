package io.github.autologout.sample;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sample with Spring Boot's static resource mappings turned off: the starter serves its
 * script and the script's source map all the same.
 */
@SpringBootTest(properties = "spring.web.resources.add-mappings=false")
@AutoConfigureMockMvc
class SampleScriptWithoutStaticMappingsTests {

	@Autowired
	private MockMvc mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/autologout/autologout.js", "/autologout/autologout.js.map" })
	void scriptAndItsSourceMapAreServedToBeRevalidated(String path) throws Exception {
		this.mvc.perform(get(path))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache"))
			.andExpect(header().exists(HttpHeaders.LAST_MODIFIED));
	}

}
