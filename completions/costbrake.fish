# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_costbrake_global_optspecs
    string join \n profile= region= endpoint-url= o/output= color= config= v/verbose q/quiet h/help V/version
end

function __fish_costbrake_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_costbrake_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_costbrake_using_subcommand
    set -l cmd (__fish_costbrake_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c costbrake -n "__fish_costbrake_needs_command" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_needs_command" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_needs_command" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_needs_command" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_needs_command" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_needs_command" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_needs_command" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_needs_command" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "report" -d 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l require -d 'A tag key every resource must carry with a non-empty value; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l regions -d 'Regions to scan, comma-separated, or `all` for every region enabled for the account [default: audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l types -d 'Resource types to audit, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l agent -d 'Audit only the resources of this agent (tagged with the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l exit-zero -d 'Exit 0 even when non-compliant resources are found (report without failing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l allow-partial -d 'Do not fail with exit code 4 when part of the scope could not be read (gaps are still reported)'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l activate-tags -d 'Activate the configured tag keys that are not active yet as cost allocation tags (ce:UpdateCostAllocationTagsStatus, from the payer account)'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l by -d 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag) [default: the run tag]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l then -d 'A second grouping under --by, e.g. --then service (Cost Explorer allows two)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l granularity -d 'Time buckets' -r -f -a "daily\t'One bucket per day'
monthly\t'One bucket per calendar month'
hourly\t'One bucket per hour (opt-in in Cost Explorer; last 14 days)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l run -d 'Only cost tagged with this run id' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l top -d 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l since -d 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l period -d 'A calendar period: this-month (or mtd) or last-month' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l start -d 'First day, YYYY-MM-DD (UTC)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l end -d 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l metric -d 'Cost metric' -r -f -a "unblended\t'What was billed, as it was billed'
amortized\t'Upfront reservation and savings plan fees spread over their term'
net-unblended\t'Unblended, after discounts'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l agent -d 'Only cost tagged with this agent name (the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l max-requests -d 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l cache-ttl -d 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l chart -d 'Also draw a horizontal bar chart of the costliest rows (table output)'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l refresh -d 'Ignore cached Cost Explorer answers and fetch again'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -f -a "runs" -d 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l since -d 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l period -d 'A calendar period: this-month (or mtd) or last-month' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l start -d 'First day, YYYY-MM-DD (UTC)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l end -d 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l metric -d 'Cost metric' -r -f -a "unblended\t'What was billed, as it was billed'
amortized\t'Upfront reservation and savings plan fees spread over their term'
net-unblended\t'Unblended, after discounts'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l agent -d 'Only cost tagged with this agent name (the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l max-requests -d 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l cache-ttl -d 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l refresh -d 'Ignore cached Cost Explorer answers and fetch again'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "runs" -d 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand completions" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "report" -d 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor report completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "runs" -d 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
