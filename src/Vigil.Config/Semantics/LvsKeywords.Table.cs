namespace Vigil.Config.Semantics;

// Generated from observation of keepalived 2.2.7 (`keepalived -t` on one keyword at a time in each block); a
// keyword not listed makes keepalived report "Unknown keyword". SSL_GET accepts what HTTP_GET does.
internal static partial class LvsKeywords
{
    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);

    private static readonly Dictionary<string, HashSet<string>> Known = new(StringComparer.Ordinal)
    {
        ["virtual_server"] = Set("alpha", "connect_timeout", "delay_before_retry", "delay_loop", "ha_suspend", "hashed", "hysteresis", "include", "inhibit_on_failure", "ip_family", "lb_algo", "lb_kind", "lvs_method", "lvs_sched", "omega", "ops", "persistence_engine", "persistence_granularity", "persistence_timeout", "protocol", "quorum", "quorum_down", "quorum_up", "real_server", "retry", "smtp_alert", "snmp_name", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method", "virtualhost", "warmup", "weight"),
        ["real_server"] = Set("alpha", "BFD_CHECK", "connect_timeout", "delay_before_retry", "delay_loop", "DNS_CHECK", "FILE_CHECK", "HTTP_GET", "include", "inhibit_on_failure", "lthreshold", "lvs_method", "MISC_CHECK", "notify_down", "notify_up", "PING_CHECK", "retry", "smtp_alert", "SMTP_CHECK", "snmp_name", "SSL_GET", "TCP_CHECK", "UDP_CHECK", "uthreshold", "virtualhost", "warmup", "weight"),
        ["HTTP_GET"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "enable_sni", "fast_recovery", "fwmark", "http_protocol", "include", "log_all_failures", "nb_get_retry", "retry", "url", "virtualhost", "warmup"),
        ["SSL_GET"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "enable_sni", "fast_recovery", "fwmark", "http_protocol", "include", "log_all_failures", "nb_get_retry", "retry", "url", "virtualhost", "warmup"),
        ["TCP_CHECK"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "fwmark", "include", "log_all_failures", "retry", "warmup"),
        ["MISC_CHECK"] = Set("alpha", "delay_before_retry", "delay_loop", "include", "log_all_failures", "misc_dynamic", "misc_path", "misc_timeout", "retry", "user", "warmup"),
        ["SMTP_CHECK"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "fwmark", "helo_name", "include", "log_all_failures", "retry", "warmup"),
        ["DNS_CHECK"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "fwmark", "include", "log_all_failures", "name", "retry", "type", "warmup"),
        ["UDP_CHECK"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "fwmark", "include", "log_all_failures", "max_reply_length", "min_reply_length", "payload", "require_reply", "retry", "warmup"),
        ["PING_CHECK"] = Set("alpha", "bind_if", "bind_port", "bindto", "connect_ip", "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "fwmark", "include", "log_all_failures", "retry", "warmup"),
        ["FILE_CHECK"] = Set("include", "track_file", "weight"),
        ["BFD_CHECK"] = Set("alpha", "include", "name"),
        ["url"] = Set("digest", "include", "path", "regex", "regex_max_offset", "regex_min_offset", "regex_no_match", "regex_options", "regex_stack", "status_code", "virtualhost"),
    };
}
