package io.github.autologout.thymeleaf;

import java.time.Clock;
import java.util.Set;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.TimeoutPolicyResolver;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.dialect.IProcessorDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;
import org.thymeleaf.processor.IProcessor;

import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The {@code autologout} Thymeleaf dialect: puts the countdown script into pages of signed-in
 * users and offers the {@code #autologout} expression object.
 * <p>
 * Attributes, with the default prefix:
 * <ul>
 * <li>{@code <script autologout:script></script>} becomes the tag that loads
 * {@value #SCRIPT_PATH} with its settings in {@code data-*} attributes; it is removed for
 * anonymous users and for sessions autologout does not manage. {@code data-*} attributes already
 * on the tag, such as {@code data-logout-url}, are kept.</li>
 * <li>{@code autologout:nonce="${nonce}"} sets the tag's {@code nonce} attribute for a
 * Content-Security-Policy with nonces.</li>
 * </ul>
 * The expression object is an {@link AutoLogoutExpressionObject}.
 */
public final class AutoLogoutDialect extends AbstractDialect implements IProcessorDialect, IExpressionObjectDialect {

	/** Name of the dialect. */
	public static final String NAME = "AutoLogout";

	/** Prefix of the dialect's attributes unless the application chooses another. */
	public static final String DEFAULT_PREFIX = "autologout";

	/** Precedence of the dialect's processors: after the Standard Dialect's, so {@code th:if} runs first. */
	public static final int PROCESSOR_PRECEDENCE = 1100;

	/** Name of the expression object, {@code #autologout} in expressions. */
	public static final String EXPRESSION_OBJECT_NAME = "autologout";

	/** Path of the client script that the starter serves. */
	public static final String SCRIPT_PATH = "/autologout/autologout.js";

	private final AutoLogoutExpressionFactory expressionFactory;

	/**
	 * Creates the dialect.
	 * @param properties the paths and switches the script is given
	 * @param policyResolver chooses each user's timeout policy
	 * @param requestMatchers tells passive requests, which do not move the idle deadline
	 * @param messages the texts of the dialog and of logout reasons
	 * @param clock the source of the current instant
	 */
	public AutoLogoutDialect(AutoLogoutProperties properties, TimeoutPolicyResolver policyResolver,
			AutoLogoutRequestMatchers requestMatchers, AutoLogoutMessages messages, Clock clock) {
		super(NAME);
		this.expressionFactory = new AutoLogoutExpressionFactory(properties, policyResolver, requestMatchers, messages,
				clock);
	}

	@Override
	public String getPrefix() {
		return DEFAULT_PREFIX;
	}

	@Override
	public int getDialectProcessorPrecedence() {
		return PROCESSOR_PRECEDENCE;
	}

	@Override
	public Set<IProcessor> getProcessors(String dialectPrefix) {
		return Set.of(new ScriptTagProcessor(dialectPrefix), new NonceAttributeProcessor(dialectPrefix));
	}

	@Override
	public IExpressionObjectFactory getExpressionObjectFactory() {
		return this.expressionFactory;
	}

	/**
	 * Sets the strategy that holds the security context.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.expressionFactory.setSecurityContextHolderStrategy(securityContextHolderStrategy);
	}

}
