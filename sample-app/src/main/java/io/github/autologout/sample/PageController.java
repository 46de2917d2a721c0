package io.github.autologout.sample;

import java.security.Principal;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The sample's pages and its small JSON API.
 */
@Controller
class PageController {

	@GetMapping("/")
	String home(Principal principal, Model model) {
		model.addAttribute("username", principal.getName());
		return "home";
	}

	@GetMapping("/public")
	String publicPage() {
		return "public";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/api/me")
	@ResponseBody
	Map<String, String> me(Principal principal) {
		return Map.of("username", principal.getName());
	}

}
