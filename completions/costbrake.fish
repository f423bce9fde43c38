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
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor completions man help" -f -a "audit" -d 'Find resources missing required tags, for people and for CI'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor completions man help" -f -a "doctor" -d 'Check credentials, region, endpoint and account setup, with a verdict per line'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor completions man help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor completions man help" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c costbrake -n "__fish_costbrake_using_subcommand help; and not __fish_seen_subcommand_from audit doctor completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
