package io.github.autologout.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.autologout.expiry.UserPresence;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.UserSessions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The administrators' page: who is signed in, with a button that signs a user out everywhere.
 */
@Controller
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@RequestMapping("/admin")
class AdminController {

	private final ForceLogoutService forceLogout;

	private final UserPresence presence;

	AdminController(ForceLogoutService forceLogout, UserPresence presence) {
		this.forceLogout = forceLogout;
		this.presence = presence;
	}

	@GetMapping
	String users(Model model) {
		Map<UserSessions, List<SessionInfo>> users = new LinkedHashMap<>();
		for (UserSessions user : this.forceLogout.users()) {
			users.put(user, this.forceLogout.sessions(user.username(), null));
		}
		model.addAttribute("users", users);
		Map<String, Instant> online = new TreeMap<>();
		this.presence.online()
			.forEach((username) -> online.put(username, this.presence.lastSeen(username).orElse(null)));
		model.addAttribute("online", online);
		// the address this page was asked at, with its context path, rather than the default port's
		model.addAttribute("actuatorUrl",
				ServletUriComponentsBuilder.fromCurrentContextPath().path("/actuator/autologout").toUriString());
		return "admin";
	}

	@PostMapping("/logout")
	String logout(@RequestParam String username, RedirectAttributes redirect) {
		int ended = this.forceLogout.logout(username);
		redirect.addFlashAttribute("username", username);
		redirect.addFlashAttribute("ended", ended);
		return "redirect:/admin";
	}

}
