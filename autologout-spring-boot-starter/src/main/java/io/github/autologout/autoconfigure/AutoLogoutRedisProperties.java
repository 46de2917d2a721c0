package io.github.autologout.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of autologout's Redis store, used when the sessions are in Redis.
 */
@ConfigurationProperties("autologout.redis")
public class AutoLogoutRedisProperties implements InitializingBean {

	/**
	 * Prefix of the keys and channels autologout uses in Redis.
	 */
	private String namespace = "autologout";

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Checks the bound values, so that a wrong one fails start-up.
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	@Override
	public void afterPropertiesSet() {
		String value = this.namespace;
		if (value == null || value.isBlank()
				|| value.chars().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new InvalidConfigurationPropertyValueException("autologout.redis.namespace", value,
					"Must be a key prefix without whitespace or control characters, such as 'autologout'.");
		}
	}

}
