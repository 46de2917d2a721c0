package io.github.autologout.thymeleaf;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.processor.AbstractStandardExpressionAttributeTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;
import org.thymeleaf.util.StringUtils;

/**
 * {@code autologout:nonce="${nonce}"}: the {@code nonce} attribute of the script tag, for a
 * Content-Security-Policy with nonces; an empty value sets none.
 */
final class NonceAttributeProcessor extends AbstractStandardExpressionAttributeTagProcessor {

	static final String ATTRIBUTE_NAME = "nonce";

	private static final int PRECEDENCE = 200;

	NonceAttributeProcessor(String dialectPrefix) {
		super(TemplateMode.HTML, dialectPrefix, ATTRIBUTE_NAME, PRECEDENCE, true);
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
			String attributeValue, @Nullable Object expressionResult, IElementTagStructureHandler structureHandler) {
		String nonce = (expressionResult != null) ? expressionResult.toString() : null;
		if (StringUtils.isEmptyOrWhitespace(nonce)) {
			return;
		}
		structureHandler.setAttribute("nonce", EscapedAttributeUtils.escapeAttribute(getTemplateMode(), nonce));
	}

}
