package io.github.autologout.sample;

import java.security.Principal;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "My sessions": a user's own sessions, the current one marked, with buttons to end the others.
 * Sessions are named by their reference, never their id, and only the user's own can be ended.
 */
@Controller
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@RequestMapping("/sessions")
class SessionsController {

	private final ForceLogoutService forceLogout;

	SessionsController(ForceLogoutService forceLogout) {
		this.forceLogout = forceLogout;
	}

	@GetMapping
	String sessions(Principal principal, HttpSession session, Model model) {
		model.addAttribute("sessions", this.forceLogout.sessions(principal.getName(), session.getId()));
		return "sessions";
	}

	@PostMapping("/end")
	String end(@RequestParam String reference, Principal principal, HttpSession session,
			RedirectAttributes redirect) {
		boolean ended = this.forceLogout.sessions(principal.getName(), session.getId())
			.stream()
			.filter((other) -> !other.current() && other.reference().equals(reference))
			.map(SessionInfo::id)
			.findFirst()
			.map((id) -> this.forceLogout.logoutSession(id, LogoutReason.ENDED_BY_USER))
			.orElse(false);
		redirect.addFlashAttribute("ended", ended ? 1 : 0);
		return "redirect:/sessions";
	}

	@PostMapping("/logout-others")
	String logoutOthers(Principal principal, HttpSession session, RedirectAttributes redirect) {
		redirect.addFlashAttribute("ended", this.forceLogout.logoutOtherSessions(principal.getName(), session.getId()));
		return "redirect:/sessions";
	}

}
