package io.github.autologout.thymeleaf;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;

/**
 * {@code <script autologout:script></script>}: the tag that loads the client script with the
 * current user's settings, or nothing for a user who is not subject to autologout.
 */
final class ScriptTagProcessor extends AbstractAttributeTagProcessor {

	static final String ATTRIBUTE_NAME = "script";

	private static final int PRECEDENCE = 100;

	ScriptTagProcessor(String dialectPrefix) {
		super(TemplateMode.HTML, dialectPrefix, "script", false, ATTRIBUTE_NAME, true, PRECEDENCE, true);
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
			@Nullable String attributeValue, IElementTagStructureHandler structureHandler) {
		Object object = context.getExpressionObjects().getObject(AutoLogoutDialect.EXPRESSION_OBJECT_NAME);
		if (!(object instanceof AutoLogoutExpressionObject autologout) || !autologout.isSubjectToAutoLogout()) {
			structureHandler.removeElement();
			return;
		}
		for (Map.Entry<String, @Nullable String> attribute : autologout.scriptAttributes().entrySet()) {
			if (!tag.hasAttribute(attribute.getKey())) {
				String value = attribute.getValue();
				structureHandler.setAttribute(attribute.getKey(),
						(value != null) ? EscapedAttributeUtils.escapeAttribute(getTemplateMode(), value) : null);
			}
		}
	}

}
