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
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "kill" -d 'Stop a runaway agent in one command, and undo exactly'
complete -c costbrake -n "__fish_costbrake_needs_command" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
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
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l agent -d 'The agent\'s resources: tagged with the configured agent tag (tags.agent, default agent-name)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l run -d 'One run\'s resources: tagged with the configured run tag (tags.run, default agent-run-id)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l tag -d 'Resources tagged KEY=VALUE; repeatable (all must match)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l regions -d 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l account -d 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization\'s management account)' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l plan -d 'Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l max-resources -d 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -s y -l yes -d 'Do not ask to type the agent name; required when stdin is not a terminal'
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and not __fish_seen_subcommand_from plan undo status help" -l dry-run -d 'Show the plan and run EC2\'s server-side DryRun checks; change nothing'
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
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l out -d 'Also write the plan as JSON to FILE, with a hash of the targeted resources and their states' -r -F
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l max-resources -d 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from plan" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
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
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l color -d 'When to use colour (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from undo" -l config -d 'Configuration file [default: ./costbrake.toml, then the user config dir]' -r -F
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
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l profile -d 'Named profile from ~/.aws/config [env: AWS_PROFILE]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l region -d 'Region for regional calls [env: AWS_REGION, else the profile\'s region]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -l endpoint-url -d 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c costbrake -n "__fish_costbrake_using_subcommand kill; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document (stable, documented schema)'
csv\t'Comma-separated values with a header row'
ndjson\t'One JSON object per line (findings, then a summary)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports (GitLab, Jenkins, ...)'
github\t'GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY'"
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
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s v -l verbose -d 'More logging on stderr: -v for costbrake\'s steps, -vv for every AWS request'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr: no progress, no summaries'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c costbrake -n "__fish_costbrake_using_subcommand doctor" -s V -l version -d 'Print version'
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
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "kill" -d 'Stop a runaway agent in one command, and undo exactly'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit kill doctor completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "plan" -d 'Show what a kill would do, terraform-style; change nothing'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "undo" -d 'Restore exactly the state a kill recorded'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and __fish_seen_subcommand_from kill" -f -a "status" -d 'What is killed right now, since when, by whom, and what undo would restore'
