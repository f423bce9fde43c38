
use builtin;
use str;

set edit:completion:arg-completer[costbrake] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'costbrake'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'costbrake'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand audit 'Find resources missing required tags, for people and for CI'
            cand kill 'Stop a runaway agent in one command, and undo exactly'
            cand doctor 'Check credentials, region, endpoint and account setup, with a verdict per line'
            cand completions 'Print shell completions to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;audit'= {
            cand --require 'A tag key every resource must carry with a non-empty value; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]'
            cand --regions 'Regions to scan, comma-separated, or `all` for every region enabled for the account [default: audit.regions in costbrake.toml, else the configured region]'
            cand --types 'Resource types to audit, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]'
            cand --agent 'Audit only the resources of this agent (tagged with the configured agent tag)'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --exit-zero 'Exit 0 even when non-compliant resources are found (report without failing)'
            cand --allow-partial 'Do not fail with exit code 4 when part of the scope could not be read (gaps are still reported)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --plan 'Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since'
            cand --max-resources 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -y 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --yes 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --dry-run 'Show the plan and run EC2''s server-side DryRun checks; change nothing'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;kill;plan'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --out 'Also write the plan as JSON to FILE, with a hash of the targeted resources and their states'
            cand --max-resources 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill;undo'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --kill-id 'Undo the kill with this id (see `costbrake kill status`) instead of selecting by tag'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -y 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --yes 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill;status'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill;help'= {
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;kill;help;plan'= {
        }
        &'costbrake;kill;help;undo'= {
        }
        &'costbrake;kill;help;status'= {
        }
        &'costbrake;kill;help;help'= {
        }
        &'costbrake;doctor'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;completions'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;man'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;help'= {
            cand audit 'Find resources missing required tags, for people and for CI'
            cand kill 'Stop a runaway agent in one command, and undo exactly'
            cand doctor 'Check credentials, region, endpoint and account setup, with a verdict per line'
            cand completions 'Print shell completions to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;help;audit'= {
        }
        &'costbrake;help;kill'= {
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
        }
        &'costbrake;help;kill;plan'= {
        }
        &'costbrake;help;kill;undo'= {
        }
        &'costbrake;help;kill;status'= {
        }
        &'costbrake;help;doctor'= {
        }
        &'costbrake;help;completions'= {
        }
        &'costbrake;help;man'= {
        }
        &'costbrake;help;help'= {
        }
    ]
    $completions[$command]
}
