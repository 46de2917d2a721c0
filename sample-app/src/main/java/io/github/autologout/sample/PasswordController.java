package io.github.autologout.sample;

import java.security.Principal;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.session.ForceLogoutService;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Change of one's own password, which signs out every other session of the user.
 */
@Controller
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@RequestMapping("/password")
class PasswordController {

	static final int MIN_LENGTH = 8;

	private final InMemoryUserDetailsManager users;

	private final PasswordEncoder passwordEncoder;

	private final ForceLogoutService forceLogout;

	PasswordController(InMemoryUserDetailsManager users, PasswordEncoder passwordEncoder,
			ForceLogoutService forceLogout) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.forceLogout = forceLogout;
	}

	@GetMapping
	String form() {
		return "password";
	}

	@PostMapping
	String change(@RequestParam String currentPassword, @RequestParam String newPassword, Principal principal,
			HttpSession session, Model model, RedirectAttributes redirect) {
		String stored = this.users.loadUserByUsername(principal.getName()).getPassword();
		if (!this.passwordEncoder.matches(currentPassword, stored)) {
			model.addAttribute("error", "The current password is wrong.");
			return "password";
		}
		if (newPassword.length() < MIN_LENGTH) {
			model.addAttribute("error", "The new password must have at least " + MIN_LENGTH + " characters.");
			return "password";
		}
		this.users.changePassword(currentPassword, this.passwordEncoder.encode(newPassword));
		int ended = this.forceLogout.logoutOtherSessions(principal.getName(), session.getId(),
				LogoutReason.CREDENTIALS_CHANGED);
		redirect.addFlashAttribute("ended", ended);
		return "redirect:/password";
	}

}
