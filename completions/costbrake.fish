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
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_needs_command" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_needs_command" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_needs_command" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_needs_command" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "kill" -d 'Stop a runaway agent in one command, and undo exactly'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "budget" -d 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "sandbox" -d 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "run" -d 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "policy" -d 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "guard" -d 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "report" -d 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l require -d 'A tag key every resource must carry with a non-empty value; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l regions -d 'Regions to scan, comma-separated, or `all` for every region enabled for the account [default: audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l types -d 'Resource types to audit, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l agent -d 'Audit only the resources of this agent (tagged with the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand audit" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
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
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l agent -d 'The agent\'s resources: tagged with the configured agent tag (tags.agent, default agent-name)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l run -d 'One run\'s resources: tagged with the configured run tag (tags.run, default agent-run-id)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l tag -d 'Resources tagged KEY=VALUE; repeatable (all must match)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l regions -d 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l account -d 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization\'s management account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l plan -d 'Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l max-resources -d 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l types -d 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s y -l yes -d 'Do not ask to type the agent name; required when stdin is not a terminal'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l dry-run -d 'Show the plan and run EC2\'s server-side DryRun checks; change nothing'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l allow-partial -d 'Also deny the agent\'s IAM roles and users (and a sandbox account) when every regional listing failed; without it they are left alone then, since the regions\' state is unknown'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l no-irreversible -d 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -f -a "plan" -d 'Show what a kill would do, terraform-style; change nothing'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -f -a "undo" -d 'Restore exactly the state a kill recorded'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -f -a "status" -d 'What is killed right now, since when, by whom, and what undo would restore'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l agent -d 'The agent\'s resources: tagged with the configured agent tag (tags.agent, default agent-name)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l run -d 'One run\'s resources: tagged with the configured run tag (tags.run, default agent-run-id)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l tag -d 'Resources tagged KEY=VALUE; repeatable (all must match)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l regions -d 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l account -d 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization\'s management account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l out -d 'Also write the plan as JSON to FILE, with a hash of the targeted resources and their states (one account\'s: not with --accounts)' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l max-resources -d 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l types -d 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l no-irreversible -d 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l agent -d 'The agent\'s resources: tagged with the configured agent tag (tags.agent, default agent-name)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l run -d 'One run\'s resources: tagged with the configured run tag (tags.run, default agent-run-id)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l tag -d 'Resources tagged KEY=VALUE; repeatable (all must match)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l regions -d 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l account -d 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization\'s management account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l kill-id -d 'Undo the kill with this id (see `costbrake kill status`) instead of selecting by tag' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l relaunch-tasks -d 'Start the ECS tasks the kill stopped again (a new task each, RunTask with the recorded task definition, network and overrides); without it they are listed as not restorable'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s y -l yes -d 'Do not ask to type the agent name; required when stdin is not a terminal'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l agent -d 'The agent\'s resources: tagged with the configured agent tag (tags.agent, default agent-name)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l run -d 'One run\'s resources: tagged with the configured run tag (tags.run, default agent-run-id)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l tag -d 'Resources tagged KEY=VALUE; repeatable (all must match)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l regions -d 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l account -d 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization\'s management account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show what a kill would do, terraform-style; change nothing'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Restore exactly the state a kill recorded'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from help" -f -a "status" -d 'What is killed right now, since when, by whom, and what undo would restore'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "create" -d 'Create or update an agent\'s cost budget (idempotent: same arguments change nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "list" -d 'List budgets with limit, actual and forecast spend, percentage used and state'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "show" -d 'Show one budget with its notifications and subscribers'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "delete" -d 'Delete an agent\'s budget (asks to confirm; --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "sync" -d 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "import" -d 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account\'s budgets on the agent tag'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and not __fish_seen_subcommand_from create list show delete sync import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l agent -d 'The agent (its agent tag value); the budget is named costbrake-agent-NAME' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l limit -d 'The limit in USD per period, e.g. 500 or 49.99' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l period -d 'How often the budget resets' -r -f -a "daily\t''
monthly\t''
quarterly\t''
annually\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l notify -d 'Where notifications go: email:ADDRESS or sns:TOPIC_ARN; repeatable (at most 10 emails, 1 topic)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l thresholds -d 'ACTUAL spend notifications, in percent of the limit [default: 50,80,100]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l action -d 'Create a budget action that acts at 100% of the limit' -r -f -a "deny-iam\t'Attach the AWS managed AWSDenyAll policy to --role at 100% of the limit'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l role -d 'IAM role name the action\'s deny policy is attached to; repeatable (at most 100)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l execution-role -d 'Role ARN AWS Budgets assumes to run the action (trusts budgets.amazonaws.com, same account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l approval -d 'Who approves the action' -r -f -a "manual\t'Someone approves it in the console or with ExecuteBudgetAction'
automatic\t'AWS applies it as soon as the threshold is passed'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -l forecast -d 'Also notify when the forecast passes 100% of the limit'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -l all -d 'Every budget of the account, not only costbrake\'s (costbrake-agent-*)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l agent -d 'The agent whose budget to show' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l agent -d 'The agent whose budget (costbrake-agent-NAME) to delete' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Delete without asking (required when there is no terminal to confirm on)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l check -d 'Only compare: exit 1 when AWS differs from the file, change nothing (for CI)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s y -l yes -d 'Apply without asking (required when there is no terminal to confirm on)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -l prune -d 'Also delete costbrake budgets (costbrake-agent-*) that are not in the file'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from sync" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l match -d 'Only budgets whose names match this glob, e.g. \'costbrake-agent-research-*\'' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l write -d 'Merge the entries into FILE (created if missing), keeping its comments and entries' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create or update an agent\'s cost budget (idempotent: same arguments change nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "list" -d 'List budgets with limit, actual and forecast spend, percentage used and state'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one budget with its notifications and subscribers'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an agent\'s budget (asks to confirm; --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "import" -d 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account\'s budgets on the agent tag'
complete -c costbrake -n "__fish_costbrake_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "create" -d 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "adopt" -d 'Make an existing member account a sandbox, with its budget (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "list" -d 'List every sandbox account: state, owner, budget, actual and forecast spend'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "freeze" -d 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "unfreeze" -d 'Reverse a freeze exactly: costbrake\'s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "close" -d 'Close a sandbox\'s account (CloseAccount; asks to type the account\'s name, --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "sync" -d 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and not __fish_seen_subcommand_from create adopt list freeze unfreeze close sync help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l email -d 'The new account\'s root email address (every AWS account needs its own)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l budget -d 'The budget in USD per period, e.g. 500' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l period -d 'How often the budget resets' -r -f -a "daily\t''
monthly\t''
quarterly\t''
annually\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l ou -d 'The OU to keep the costbrake-sandboxes OU under [default: the organization\'s root]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l owner -d 'The team member who owns the sandbox (tagged, and gets the budget\'s alerts)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l notify -d 'Where the budget\'s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l timeout -d 'How long to wait for AWS to create the account, in seconds' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l name -d 'The sandbox\'s name [default: the account\'s name]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l budget -d 'The budget in USD per period, e.g. 500' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l period -d 'How often the budget resets' -r -f -a "daily\t''
monthly\t''
quarterly\t''
annually\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l ou -d 'The OU to keep the costbrake-sandboxes OU under [default: the organization\'s root]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l owner -d 'The team member who owns the sandbox (tagged, and gets the budget\'s alerts)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l notify -d 'Where the budget\'s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from adopt" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l reason -d 'Why, kept on the account (costbrake:frozen-reason) and shown by `sandbox list`' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l role-name -d 'The role assumed in the sandbox account' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l regions -d 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l max-resources -d 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -l stop-running -d 'Also stop what already runs in the account: the kill-switch over every resource of it (IAM principals aside), with the account\'s own role; journaled, and undone by unfreeze'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from freeze" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l role-name -d 'The role assumed in the sandbox account' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l regions -d 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l max-resources -d 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from unfreeze" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -l yes -d 'Close without asking (for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l check -d 'Only compare: exit 1 when the organization differs from the file (for CI); nothing is changed'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -l yes -d 'Apply without asking (for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from sync" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "adopt" -d 'Make an existing member account a sandbox, with its budget (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every sandbox account: state, owner, budget, actual and forecast spend'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "freeze" -d 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "unfreeze" -d 'Reverse a freeze exactly: costbrake\'s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "close" -d 'Close a sandbox\'s account (CloseAccount; asks to type the account\'s name, --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l agent -d 'The agent\'s name: the agent-name session tag, AGENT_NAME, and the ledger\'s agent' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l run-id -d 'The run id [default: a new random UUID]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l role -d 'Act as this IAM role: AssumeRole with the run\'s session tags, refreshed for as long as the command runs [default: run.role in costbrake.toml, else the caller\'s own credentials]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l on-exit -d 'After the command exits: list what the run left behind (report), stop it with the kill-switch (kill, undoable with `costbrake kill undo --run ID`), or nothing [default: run.on_exit, else report]' -r -f -a "report\t'List the resources tagged with the run id that still exist'
kill\t'Stop them through the kill-switch (journaled and undoable)'
none\t'Do nothing'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l max-duration -d 'End the command after this long (SIGTERM, then SIGKILL after --grace), e.g. 30m or 2h; the on-exit step still runs [default: run.max_duration, else no limit]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l grace -d 'Time between SIGTERM and SIGKILL when --max-duration ends the command [default: run.grace, else 10s]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l regions -d 'Regions the on-exit step looks in, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l role-optional -d 'Run the command with the caller\'s own credentials when the role cannot be assumed'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -l print-policy -d 'Print the IAM policy that makes the role\'s creates carry the run\'s tags, and exit'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -a "list" -d 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -a "env" -d 'Print a run\'s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -a "credentials" -d 'Print a run\'s role credentials for an SDK\'s credential_process (used by `run --role`)'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and not __fish_seen_subcommand_from list env credentials help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l agent -d 'Only this agent\'s runs' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l limit -d 'Show at most this many runs' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l agent -d 'The agent\'s name' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l run-id -d 'The run id [default: a new random UUID]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l format -d 'How to print them: `export` lines for sh, bash and zsh, or appended to $GITHUB_ENV for the next steps of a GitHub Actions job' -r -f -a "shell\t'`export NAME=\'value\'` lines on stdout'
github\t'`NAME=value` lines appended to the file $GITHUB_ENV names'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from env" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l file -d 'The run\'s credential file' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from credentials" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from help" -f -a "list" -d 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from help" -f -a "env" -d 'Print a run\'s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from help" -f -a "credentials" -d 'Print a run\'s role credentials for an SDK\'s credential_process (used by `run --role`)'
complete -c costbrake -n "__fish_costbrake_using_subcommand run; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -f -a "tag-on-create" -d 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -f -a "attach" -d 'Create or update costbrake\'s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -f -a "check" -d 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -f -a "detach" -d 'Take costbrake\'s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and not __fish_seen_subcommand_from tag-on-create attach check detach help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l tag -d 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l services -d 'Services whose creates are covered, comma-separated [default: the services the audit lists]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l value-pattern -d 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l form -d 'An SCP for the agents\' OU or accounts, or an IAM policy for their roles' -r -f -a "scp\t'Service control policy (5,120 characters each, at most 5 per target)'
iam\t'IAM identity policy (6,144 characters each as a managed policy)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l out -d 'Write each document to DIR/NAME.json (the directory is created)' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l all-creates -d 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -l run-scoped -d 'Also require the run tag to equal the caller\'s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another\'s'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from tag-on-create" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l target -d 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l role -d 'An IAM role of this account: the documents become its inline policies (the IAM form)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l name -d 'The documents\' name (several get -1, -2, ...) [default: costbrake-tag-on-create]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l tag -d 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l services -d 'Services whose creates are covered, comma-separated [default: the services the audit lists]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l value-pattern -d 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l allow-root -d 'Allow --target to be the organization\'s root (every account)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l all-creates -d 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -l run-scoped -d 'Also require the run tag to equal the caller\'s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another\'s'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from attach" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l target -d 'Check the SCPs attached to this OU, account or root' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l role -d 'Check this IAM role\'s inline policies' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l tag -d 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -l iam -d 'Apply IAM\'s limits (6,144 characters) to the files rather than an SCP\'s (5,120, whitespace counted; 5 per target)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l target -d 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l role -d 'An IAM role of this account: the documents become its inline policies (the IAM form)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l name -d 'The documents\' name, as given to attach [default: costbrake-tag-on-create]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -l allow-root -d 'Allow --target to be the organization\'s root'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from detach" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "tag-on-create" -d 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "attach" -d 'Create or update costbrake\'s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "detach" -d 'Take costbrake\'s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
complete -c costbrake -n "__fish_costbrake_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l interval -d 'Time between passes without --once: seconds, minutes or hours, e.g. 15m, 1h (at least 1m; AWS refreshes budget spend only a few times a day)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l regions -d 'Regions the kills cover, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l max-resources -d 'Refuse kills that change more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l apply -d 'Stop the breached agents (journaled, undoable with `costbrake kill undo`); without it, only report. This flag is the confirmation: guard never prompts'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l once -d 'Run one pass and exit (cron, scheduled CI); without it, check again every --interval until stopped'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l no-irreversible -d 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs)'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -l no-thaw -d 'Keep the sandboxes guard froze frozen after their budget\'s period turns (by default they are thawed then)'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand guard" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l accounts -d 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller\'s account]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l role-name -d 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -l activate-tags -d 'Activate the configured tag keys that are not active yet as cost allocation tags (ce:UpdateCostAllocationTagsStatus, from the payer account)'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l by -d 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag); with --source cur also resource and iam-principal [default: the run tag]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l then -d 'A second grouping under --by, e.g. --then service (two groupings at most)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l granularity -d 'Time buckets' -r -f -a "daily\t'One bucket per day'
monthly\t'One bucket per calendar month'
hourly\t'One bucket per hour (opt-in in Cost Explorer; last 14 days)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l run -d 'Only cost tagged with this run id' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l top -d 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l since -d 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l period -d 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l start -d 'First day, YYYY-MM-DD (UTC)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l end -d 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l metric -d 'Cost metric' -r -f -a "unblended\t'What was billed, as it was billed'
amortized\t'Upfront reservation and savings plan fees spread over their term'
net-unblended\t'Unblended, after discounts'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l agent -d 'Only cost tagged with this agent name (the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l source -d 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]' -r -f -a "ce\t'Cost Explorer\'s GetCostAndUsage'
cur\t'The Cost and Usage Report (CUR 2.0) export, read by costbrake'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l cur -d 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l engine -d 'How the CUR is read: embedded (costbrake streams the export\'s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]' -r -f -a "embedded\t'costbrake reads the export\'s Parquet or CSV files itself (S3 or a local copy)'
athena\t'Athena runs the query over a table on the export ($5 per TB scanned)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l athena-database -d 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l athena-table -d 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l athena-catalog -d 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l workgroup -d 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l output-location -d 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup\'s]' -r
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
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l chart -d 'Also draw a horizontal bar chart of the costliest rows (table output)'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -l refresh -d 'Ignore cached answers (Cost Explorer\'s, or a CUR result) and fetch or read again'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -f -a "runs" -d 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and not __fish_seen_subcommand_from runs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l since -d 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l period -d 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l start -d 'First day, YYYY-MM-DD (UTC)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l end -d 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l metric -d 'Cost metric' -r -f -a "unblended\t'What was billed, as it was billed'
amortized\t'Upfront reservation and savings plan fees spread over their term'
net-unblended\t'Unblended, after discounts'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l agent -d 'Only cost tagged with this agent name (the configured agent tag)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l source -d 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]' -r -f -a "ce\t'Cost Explorer\'s GetCostAndUsage'
cur\t'The Cost and Usage Report (CUR 2.0) export, read by costbrake'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l cur -d 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l engine -d 'How the CUR is read: embedded (costbrake streams the export\'s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]' -r -f -a "embedded\t'costbrake reads the export\'s Parquet or CSV files itself (S3 or a local copy)'
athena\t'Athena runs the query over a table on the export ($5 per TB scanned)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l athena-database -d 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l athena-table -d 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l athena-catalog -d 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l workgroup -d 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l output-location -d 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup\'s]' -r
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
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand report; and __fish_seen_subcommand_from runs" -l refresh -d 'Ignore cached answers (Cost Explorer\'s, or a CUR result) and fetch or read again'
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
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
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
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'
html\t'One self-contained HTML page with a chart (report, report runs), to open or forward'
svg\t'The chart alone, as an SVG image (report, report runs)'"
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand man" -s V -l version -d 'Print version'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "kill" -d 'Stop a runaway agent in one command, and undo exactly'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "budget" -d 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "sandbox" -d 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "run" -d 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "policy" -d 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "guard" -d 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "report" -d 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill budget sandbox run policy guard doctor report completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "plan" -d 'Show what a kill would do, terraform-style; change nothing'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "undo" -d 'Restore exactly the state a kill recorded'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "status" -d 'What is killed right now, since when, by whom, and what undo would restore'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "create" -d 'Create or update an agent\'s cost budget (idempotent: same arguments change nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "list" -d 'List budgets with limit, actual and forecast spend, percentage used and state'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "show" -d 'Show one budget with its notifications and subscribers'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "delete" -d 'Delete an agent\'s budget (asks to confirm; --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "sync" -d 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "import" -d 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account\'s budgets on the agent tag'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "create" -d 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "adopt" -d 'Make an existing member account a sandbox, with its budget (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "list" -d 'List every sandbox account: state, owner, budget, actual and forecast spend'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "freeze" -d 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "unfreeze" -d 'Reverse a freeze exactly: costbrake\'s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "close" -d 'Close a sandbox\'s account (CloseAccount; asks to type the account\'s name, --yes for scripts)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "sync" -d 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from run" -f -a "list" -d 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from run" -f -a "env" -d 'Print a run\'s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from run" -f -a "credentials" -d 'Print a run\'s role credentials for an SDK\'s credential_process (used by `run --role`)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "tag-on-create" -d 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "attach" -d 'Create or update costbrake\'s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "detach" -d 'Take costbrake\'s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "runs" -d 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
