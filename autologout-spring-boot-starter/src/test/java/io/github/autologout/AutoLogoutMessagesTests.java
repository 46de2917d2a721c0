package io.github.autologout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

import io.github.autologout.core.LogoutReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.support.StaticMessageSource;

/**
 * Tests for {@link AutoLogoutMessages}.
 */
class AutoLogoutMessagesTests {

	private static final String SIMPLIFIED_IDLE = "由于长时间未操作，您已被登出。";

	private static final String TRADITIONAL_IDLE = "由於長時間未操作，您已被登出。";

	private final StaticMessageSource applicationMessages = new StaticMessageSource();

	private final AutoLogoutMessages messages = new AutoLogoutMessages(this.applicationMessages, null);

	@ParameterizedTest
	@ValueSource(strings = { "zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-CN" })
	void chineseWrittenInSimplifiedCharactersGetsSimplifiedChinese(String languageTag) {
		assertThat(this.messages.reason(LogoutReason.IDLE, Locale.forLanguageTag(languageTag)))
			.isEqualTo(SIMPLIFIED_IDLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK" })
	void chineseWrittenInTraditionalCharactersGetsTraditionalChinese(String languageTag) {
		assertThat(this.messages.reason(LogoutReason.IDLE, Locale.forLanguageTag(languageTag)))
			.isEqualTo(TRADITIONAL_IDLE);
		assertThat(this.messages.text("autologout.warning.body", Locale.forLanguageTag(languageTag), "1:00"))
			.isEqualTo("由於未操作，您將在 1:00 後被登出。");
	}

	@ParameterizedTest
	@ValueSource(strings = { "en", "en-GB", "fr", "ja" })
	void otherLanguagesGetEnglish(String languageTag) {
		assertThat(this.messages.reason(LogoutReason.IDLE, Locale.forLanguageTag(languageTag)))
			.isEqualTo("You were signed out because you were inactive for too long.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "messages_zh.properties", "messages_zh_Hant.properties" })
	void everyTranslationHasEveryTextOfTheEnglishOneAndKeepsItsPlaceholders(String translation) throws IOException {
		Properties english = shipped("messages.properties");
		Properties translated = shipped(translation);
		assertThat(translated.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
		for (String code : english.stringPropertyNames()) {
			assertThat(translated.getProperty(code).contains("{0}")).as(code)
				.isEqualTo(english.getProperty(code).contains("{0}"));
		}
	}

	@Test
	void applicationTextOfACodeComesBeforeTheShippedTranslation() {
		this.applicationMessages.addMessage("autologout.reason.idle", Locale.TRADITIONAL_CHINESE, "閒置過久，請重新登入。");
		assertThat(this.messages.reason(LogoutReason.IDLE, Locale.TRADITIONAL_CHINESE)).isEqualTo("閒置過久，請重新登入。");
		assertThat(this.messages.reason(LogoutReason.IDLE, Locale.forLanguageTag("zh-HK"))).isEqualTo(TRADITIONAL_IDLE);
	}

	private static Properties shipped(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = AutoLogoutMessages.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
