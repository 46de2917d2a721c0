package io.github.autologout;

import java.util.Locale;

import io.github.autologout.core.LogoutReason;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.util.StringUtils;

/**
 * The texts autologout shows to users, looked up in the application's {@link MessageSource}
 * first and in the English, Simplified Chinese and Traditional Chinese texts shipped with the starter
 * after; Chinese of Taiwan, Hong Kong and Macau, or any written in Traditional characters, gets
 * the Traditional texts.
 * <p>
 * A logout message has the code {@code autologout.reason.<reason>}, for example
 * {@code autologout.reason.idle}; an application overrides it by defining the same code in
 * its own {@code messages.properties}.
 */
public final class AutoLogoutMessages {

	/** Prefix of the message codes of logout reasons. */
	public static final String REASON_CODE_PREFIX = "autologout.reason.";

	private static final String BUNDLE = "io.github.autologout.messages";

	private final MessageSource applicationMessages;

	private final ResourceBundleMessageSource shippedMessages;

	private final @Nullable String timeoutMessage;

	/**
	 * Creates the messages.
	 * @param applicationMessages the application's message source, searched first
	 * @param timeoutMessage a text that replaces the idle and absolute timeout messages in every
	 * language, or {@code null} to use the message sources
	 */
	public AutoLogoutMessages(MessageSource applicationMessages, @Nullable String timeoutMessage) {
		this.applicationMessages = applicationMessages;
		this.timeoutMessage = StringUtils.hasText(timeoutMessage) ? timeoutMessage : null;
		this.shippedMessages = new ResourceBundleMessageSource();
		this.shippedMessages.setBasename(BUNDLE);
		this.shippedMessages.setDefaultEncoding("UTF-8");
		this.shippedMessages.setFallbackToSystemLocale(false);
	}

	/**
	 * The text that tells a user why their session ended.
	 * @param reason why the session ended
	 * @param locale the user's locale
	 * @return the text, never {@code null}
	 */
	public String reason(LogoutReason reason, Locale locale) {
		if (this.timeoutMessage != null && (reason == LogoutReason.IDLE || reason == LogoutReason.ABSOLUTE)) {
			return this.timeoutMessage;
		}
		return text(REASON_CODE_PREFIX + reason.code(), locale);
	}

	/**
	 * Any autologout text by its code.
	 * @param code a code of the shipped bundle, such as {@code autologout.warning.title}
	 * @param locale the user's locale
	 * @param args arguments for the text's placeholders
	 * @return the application's text for the code, or the shipped one, or the code itself if
	 * neither defines it
	 */
	public String text(String code, Locale locale, Object... args) {
		String shipped = this.shippedMessages.getMessage(code, args, code, locale);
		return this.applicationMessages.getMessage(new DefaultMessageSourceResolvable(new String[] { code }, args, shipped),
				locale);
	}

}
